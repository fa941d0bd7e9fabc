using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: CASE expressions give SQLite's answers over chunks of every shape (dense and filtered
/// selections, several chunks, NULLs): constant branches of each type (the result without a NULL
/// array), NULL and missing ELSE, conditions that are comparisons (read without a truth array, from
/// pooled results), REAL and TEXT conditions (SQLite's truth of a value), nested CASEs as
/// conditions, non-constant branches that must not run on rows that do not reach them (division by
/// zero, the "integer overflow" of abs()), and comparisons consumed as operands and SUM arguments.
/// </summary>
public sealed class CaseExpressionProperties
{
    private static readonly string[] Conditions =
    [
        "v >= {0}", "v < {0}", "v = {0}", "v <> {0}", "r > {0}.5", "r <= {0}", "v", "r", "t", "v IS NULL",
        "v > {0} AND r < {0}", "v < {0} OR t = 'b'", "CASE WHEN v > {0} THEN 1 WHEN r < 0 THEN 0 END",
        "CASE WHEN t = 'a' THEN v ELSE r END",
    ];

    /// <summary>
    /// Branch values by result type, constants first (a CASE whose branches differ in type has a
    /// value class per row, whose Arrow rendering is another matter: see <c>PerRowTypeTests</c>).
    /// </summary>
    private static readonly string[][] Values =
    [
        ["'desktop'", "'mobile'", "NULL", "t", "t || 'x'"],
        ["7", "-3", "NULL", "v", "v / (v % 3)", "abs(v)", "v * 100"],
        ["2.5", "-0.0", "NULL", "r", "r * (1 - r)", "r / (r - 0.5)"],
    ];

    [Property(MaxTest = 40)]
    public void Case_expressions_match_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 2) == 0 ? random.Next(0, 30) : random.Next(4000, 9500);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, r REAL, t TEXT);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var v = random.Next(0, 8) == 0 ? "NULL"
                : random.Next(0, 200) == 0 ? "-9223372036854775808"
                : random.Next(-20, 20).ToString(CultureInfo.InvariantCulture);
            var r = random.Next(0, 6) == 0 ? "NULL" : (random.Next(-40, 40) / 4.0).ToString("R", CultureInfo.InvariantCulture);
            var t = random.Next(0, 5) switch { 0 => "NULL", 1 => "'a'", 2 => "'b'", 3 => "'3x'", _ => "'0.0'" };
            script.Append(CultureInfo.InvariantCulture, $"({i}, {v}, {r}, {t})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        using var oracle = new ScriptOracle(script.ToString());
        for (var q = 0; q < 4; q++)
        {
            var kase = RandomCase(random, constantBranches: q % 2 == 0);
            var filter = random.Next(0, 3) switch { 0 => "", 1 => "WHERE id % 3 <> 1", _ => $"WHERE v IN ({random.Next(-3, 3)}, 1, 2, 3)" };
            oracle.AssertSame($"SELECT {kase} AS k, count(*), sum(v) FROM t {filter} GROUP BY {kase} ORDER BY k");
            oracle.AssertSame($"SELECT id, {kase} FROM t {filter} ORDER BY id");
            oracle.AssertSame($"SELECT sum({kase}), total(v > {random.Next(-5, 5)}), sum((r < 1) + 1) FROM t {filter}");
        }
    }

    private static string RandomCase(Random random, bool constantBranches)
    {
        var kind = Values[random.Next(Values.Length)];
        var values = constantBranches ? kind[..3] : kind;
        var text = new StringBuilder("CASE");
        var branches = random.Next(1, 4);
        for (var b = 0; b < branches; b++)
        {
            var condition = string.Format(CultureInfo.InvariantCulture, Conditions[random.Next(Conditions.Length)], random.Next(-10, 10));
            text.Append(CultureInfo.InvariantCulture, $" WHEN {condition} THEN {values[random.Next(values.Length)]}");
        }

        if (random.Next(0, 4) != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ELSE {values[random.Next(values.Length)]}");
        }

        return text.Append(" END").ToString();
    }
}
