using System.Globalization;
using System.Text;
using Xunit.Abstractions;
using Yoda.Testing.Comparison;

namespace Yoda.PropertyTests;

/// <summary>
/// Random CASE / coalesce / iif / min / max / nullif expressions and compound selects whose values
/// mix INTEGER, REAL, TEXT and BLOB from row to row, through the public API: grouped, distinct,
/// sorted, compared, aggregated, windowed and read through subqueries, every answer is SQLite's
/// (results typed by the OLTP convention for mixed columns). INTEGERs and REALs never meet as equal
/// values (the REALs are halves), so no tie depends on which of 1 and 1.0 a plan reads first.
/// </summary>
public sealed class DynamicBlobProperties(ITestOutputHelper output)
{
    private const int Rows = 10;

    private static readonly string[] Texts = ["", "a", "A", "b", "12", "3.5", "a ", "ab"];

    private static readonly string[] BlobHex = ["", "61", "41", "62", "3132", "6162", "00", "FF", "332E35"];

    private static readonly string[] Columns = ["i", "r", "s", "b"];

    private static readonly string[] CompoundOperators = ["UNION", "UNION ALL", "INTERSECT", "EXCEPT"];

    [Fact]
    public void Values_mixing_blobs_with_other_classes_give_sqlites_answer() =>
        OracleCases.Check("dynamic blobs", LoadCaseAsync, ciCases: 30, output);

    /// <summary>Creates and syncs table m{n} with random values of each class; returns the queries over it.</summary>
    private static async Task<IReadOnlyList<string>> LoadCaseAsync(DifferentialOracle oracle, Random random, int n)
    {
        var t = $"m{n}";
        await oracle.Engine.ExecuteAsync($"CREATE TABLE {t}(id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB)");
        await oracle.Engine.RegisterTableAsync(new Yoda.TableSchema(t, [("id", "int64"), ("i", "int64"), ("r", "float64"), ("s", "utf8"), ("b", "binary")], ["id"]));
        var values = new StringBuilder();
        for (var row = 1; row <= Rows; row++)
        {
            values.Append(row == 1 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({row}, {Value(random, 0)}, {Value(random, 1)}, {Value(random, 2)}, {Value(random, 3)})");
        }

        await oracle.Engine.ExecuteAsync($"INSERT INTO {t} VALUES {values}");
        await DifferentialOracle.SyncAllAsync(oracle.Engine);
        var m = Mixed(random);
        var other = Mixed(random);
        var compound = Compound(random, t, Columns);
        // Read through a CTE, a compound column whose selects give it an affinity converts values by rules
        // that hang on each select's expression shape (SQLite's sqlite3ExprDataType): kept to selects without one.
        var unaffined = Compound(random, t, ["b"]);
        return
        [
            $"SELECT id, quote({m}), typeof({m}), {m} FROM {t} ORDER BY id",
            $"SELECT quote(x), typeof(x), count(*) FROM (SELECT {m} AS x FROM {t}) GROUP BY x ORDER BY x",
            $"SELECT DISTINCT x FROM (SELECT {m} AS x FROM {t}) ORDER BY x DESC",
            $"SELECT quote(min(x)), quote(max(x)), count(x), count(DISTINCT x), sum(x), total(x), avg(x) FROM (SELECT {m} AS x FROM {t})",
            $"SELECT id, {m} < {other}, {m} = {other}, {m} >= {Operand(random)}, {m} IN ({Operand(random)}, {Operand(random)}), {m} || '|', length({m}), hex({m}), CAST({m} AS TEXT), {m} LIKE '%a%' FROM {t} ORDER BY id",
            $"SELECT id, quote(lag(x) OVER (ORDER BY id)), rank() OVER (ORDER BY x), quote(max(x) OVER (ORDER BY id ROWS 1 PRECEDING)), quote(min(x) OVER (PARTITION BY typeof(x))) FROM (SELECT id, {m} AS x FROM {t}) ORDER BY id",
            $"{compound} ORDER BY 1",
            $"WITH c(x) AS ({unaffined}) SELECT quote(x), typeof(x) FROM c ORDER BY x",
        ];
    }

    /// <summary>A value of one class (0 INTEGER, 1 REAL, 2 TEXT, 3 BLOB) as a literal, or NULL.</summary>
    private static string Value(Random random, int kind) => random.Next(6) == 0 ? "NULL" : kind switch
    {
        0 => random.Next(-3, 13).ToString(CultureInfo.InvariantCulture),
        1 => (random.Next(-3, 13) + 0.5).ToString("R", CultureInfo.InvariantCulture),
        2 => "'" + Texts[random.Next(Texts.Length)] + "'",
        _ => "x'" + BlobHex[random.Next(BlobHex.Length)] + "'",
    };

    /// <summary>A column or a literal of any class.</summary>
    private static string Operand(Random random) =>
        random.Next(3) == 0 ? Value(random, random.Next(4)) : Columns[random.Next(Columns.Length)];

    /// <summary>An expression whose branches mix classes: SQLite picks the class row by row.</summary>
    private static string Mixed(Random random) => random.Next(7) switch
    {
        0 => $"CASE WHEN id % 3 = 0 THEN {Operand(random)} WHEN id % 3 = 1 THEN {Operand(random)} ELSE {Operand(random)} END",
        1 => $"coalesce({Operand(random)}, {Operand(random)}, {Operand(random)})",
        2 => $"ifnull({Operand(random)}, {Operand(random)})",
        3 => $"iif(id % 2 = 0, {Operand(random)}, {Operand(random)})",
        4 => $"max({Operand(random)}, {Operand(random)})",
        5 => $"min({Operand(random)}, {Operand(random)}, {Operand(random)})",
        _ => $"CASE {Operand(random)} WHEN {Operand(random)} THEN {Operand(random)} ELSE {Operand(random)} END",
    };

    /// <summary>Two to four selects of one of <paramref name="columns"/> or a mixed expression, joined by random compound operators.</summary>
    private static string Compound(Random random, string table, string[] columns)
    {
        var terms = random.Next(2, 5);
        var text = new StringBuilder();
        for (var k = 0; k < terms; k++)
        {
            var term = random.Next(3) == 0 ? Mixed(random) : columns[random.Next(columns.Length)];
            text.Append(k == 0 ? "" : $" {CompoundOperators[random.Next(CompoundOperators.Length)]} ")
                .Append(CultureInfo.InvariantCulture, $"SELECT {term} FROM {table} WHERE id % {random.Next(1, 4)} = 0");
        }

        return text.ToString();
    }
}
