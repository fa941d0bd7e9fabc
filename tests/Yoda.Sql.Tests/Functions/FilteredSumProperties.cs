using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: an ungrouped SUM, AVG or TOTAL over the column a pushed comparison or BETWEEN tests, which the
/// scan's column aggregates compute in the same pass as the comparison (<c>FilteredSums</c>), gives SQLite's
/// answers, or its "integer overflow", at 1, 2 and 8 threads: every operator, bounds at the int64 edges and
/// reversed, values at the edges (sums that overflow), columns with and without NULLs, deleted rows, segments
/// shorter than a vector and of lengths that are no multiple of it, empty selections, shifted arguments
/// (<c>SUM(k + 1)</c>), and the comparison beside predicates on other columns.
/// </summary>
public sealed class FilteredSumProperties
{
    private static readonly string[] Operators = ["<", "<=", ">", ">=", "=", "<>"];

    [Property(MaxTest = 25)]
    public void Filtered_sums_over_the_tested_column_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 5) == 0 ? random.Next(0, 40) : random.Next(300, 2500);
        var nulls = random.Next(0, 2) == 0;
        var huge = random.Next(0, 3) == 0;
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, v INTEGER, g TEXT);");
        for (var i = 0; i < rows; i++)
        {
            var k = nulls && random.Next(0, 10) == 0 ? "NULL" : Value(random, huge).ToString(CultureInfo.InvariantCulture);
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            script.Append(CultureInfo.InvariantCulture, $"({i}, {k}, {random.Next(-50, 50)}, '{(char)('a' + random.Next(0, 3))}')");
            script.Append(i % 500 == 499 || i == rows - 1 ? ";" : "");
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 5) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) == 0 ? random.Next(1, 70) : random.Next(100, 1500);
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        var (low, high) = (Bound(random), Bound(random));
        var op = Operators[random.Next(Operators.Length)];
        string[] queries =
        [
            .. Operators.Select(o => $"SELECT count(*), sum(k), avg(k), total(k), count(k) FROM t WHERE k {o} {low}"),
            $"SELECT sum(k), count(*) FROM t WHERE k BETWEEN {low} AND {high}",
            $"SELECT sum(k), avg(k) FROM t WHERE k BETWEEN {high} AND {low}",
            $"SELECT sum(k) FROM t WHERE k > {low} AND k < {high}",
            $"SELECT sum(k), total(k) FROM t WHERE k >= {long.MinValue} AND k <= {long.MaxValue}",
            $"SELECT sum(k), count(*) FROM t WHERE k > {long.MaxValue}",
            $"SELECT sum(k), count(*) FROM t WHERE k < {long.MinValue}",
            $"SELECT sum(k + 1), sum(k - 3), sum(k), avg(k) FROM t WHERE k {op} {low}",
            $"SELECT sum(k), sum(v), count(*) FROM t WHERE k {op} {low} AND v < {random.Next(-60, 60)}",
            $"SELECT sum(k), count(*) FROM t WHERE v >= {random.Next(-60, 60)} AND k BETWEEN {low} AND {high}",
            $"SELECT sum(v), min(k), max(k) FROM t WHERE k {op} {low}",
            $"SELECT sum(k), count(*) FROM t WHERE g = 'b' AND k {op} {low}",
            $"SELECT sum(k) FROM t WHERE k {op} {low}.5",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql);
        }
    }

    /// <summary>Mostly small values; in some tables a share of values at or near the int64 edges, whose sums overflow.</summary>
    private static long Value(Random random, bool huge) => huge && random.Next(0, 8) == 0
        ? random.Next(0, 4) switch
        {
            0 => long.MaxValue,
            1 => long.MinValue,
            2 => random.NextInt64(long.MaxValue / 4, long.MaxValue),
            _ => -random.NextInt64(long.MaxValue / 4, long.MaxValue),
        }
        : random.Next(-30, 30);

    private static long Bound(Random random) => random.Next(0, 6) switch
    {
        0 => long.MaxValue,
        1 => long.MinValue,
        _ => random.Next(-35, 35),
    };
}
