using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: a CASE as the GROUP BY key gives SQLite's groups at 1, 2 and 8 threads when its
/// branches alternate from row to row over more distinct texts than the text key dictionary
/// remembers string instances (four): short ASCII, long and non-ASCII constants, the empty text,
/// one text written by two literals (two instances, one group), texts computed per row (a new
/// instance every row), NULL results (a NULL branch, no ELSE) and branches of other types. A CASE of one
/// branch over a comparison of a column with a constant of its kind (INTEGER or REAL, every operator, NULL
/// operands) writes its codes in one pass (<c>ComparisonExpression.TryCode</c>).
/// </summary>
public sealed class CaseGroupKeyProperties
{
    private static readonly string[] TextValues =
    [
        "'desktop'", "'mobile'", "'tablet'", "'a text longer than seven bytes'", "'été'", "''", "'mobile'",
        "'desktop'", "NULL", "t", "t || 'x'", "upper(t)",
    ];

    private static readonly string[] OtherValues = ["7", "2.5", "x'00'"];

    private static readonly string[] Operators = ["=", "<>", "<", "<=", ">", ">="];

    [Property(MaxTest = 30)]
    public void Case_group_keys_match_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 3) == 0 ? random.Next(0, 40) : random.Next(3000, 9000);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, t TEXT, r REAL);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var v = random.Next(0, 12) == 0 ? "NULL" : random.Next(0, 10).ToString(CultureInfo.InvariantCulture);
            var t = random.Next(0, 4) switch { 0 => "NULL", 1 => "'a'", 2 => "'mobile'", _ => "'long text of a row'" };
            var r = random.Next(0, 12) == 0 ? "NULL" : (random.Next(-20, 100) / 10.0).ToString("R", CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {v}, {t}, {r})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var rowsPerSegment = random.Next(1, 5000);
        using var oracle = new ScriptOracle(script.ToString(), table => TableLayouts.Every(table, rowsPerSegment));
        for (var q = 0; q < 3; q++)
        {
            var kase = RandomCase(random, mixedTypes: q == 2);
            var filter = random.Next(0, 3) switch { 0 => "", 1 => "WHERE id % 3 <> 1", _ => "WHERE v IN (0, 1, 2, 3, 5, 8)" };
            if (q == 2)
            {
                // A key of several types has a value class per row, whose Arrow rendering is another
                // matter (see PerRowTypeTests): the groups are compared by their keys' types and aggregates.
                oracle.AssertSameAtEveryDegree($"SELECT typeof({kase}), count(*), sum(v), min(id) FROM t {filter} GROUP BY {kase} ORDER BY {kase}");
                continue;
            }

            oracle.AssertSameAtEveryDegree($"SELECT {kase} AS k, count(*), sum(v) FROM t {filter} GROUP BY {kase} ORDER BY k");
            oracle.AssertSameAtEveryDegree($"SELECT {kase} AS k, v % 2 AS p, count(*), min(id) FROM t {filter} GROUP BY k, p ORDER BY k, p");
        }
    }

    /// <summary>A CASE over v (or r) with one branch or 3 to 9 (rows spread over them at random), mostly constant texts.</summary>
    private static string RandomCase(Random random, bool mixedTypes)
    {
        var text = new StringBuilder("CASE");
        var branches = random.Next(0, 3) == 0 ? 1 : random.Next(3, 10);
        for (var b = 0; b < branches; b++)
        {
            var op = Operators[random.Next(Operators.Length)];
            var condition = random.Next(0, 4) switch
            {
                0 => $"v >= {random.Next(0, 10)}",
                1 => $"v {op} {random.Next(0, 10)}",
                2 => string.Create(CultureInfo.InvariantCulture, $"r {op} {random.Next(-10, 100) / 10.0:0.0}"),
                _ => $"v = {random.Next(0, 10)}",
            };
            text.Append(CultureInfo.InvariantCulture, $" WHEN {condition} THEN {Value(random, mixedTypes)}");
        }

        if (random.Next(0, 4) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ELSE {Value(random, mixedTypes)}");
        }

        return text.Append(" END").ToString();
    }

    /// <summary>Constant texts three times out of four.</summary>
    private static string Value(Random random, bool mixedTypes) =>
        mixedTypes && random.Next(0, 4) == 0 ? OtherValues[random.Next(OtherValues.Length)]
        : random.Next(0, 4) != 0 ? TextValues[random.Next(8)]
        : TextValues[random.Next(TextValues.Length)];
}
