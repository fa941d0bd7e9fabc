using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: several grouped sums in one query, whose morsel partials count their values by the rows each group
/// had (one count shared by all of them) while their arguments have no NULL, and by themselves from the first
/// chunk with one, give SQLite's answers (or its "integer overflow") at 1, 2 and 8 threads: sums and AVGs over
/// the same and different INTEGER and REAL columns and expressions, NULLs that start part way through the table
/// (after chunks without any) or are spread over it, a group whose values are all NULL, INTEGER extremes that
/// take a partial past its 64-bit bound, deleted rows, with and without a filter, over a few groups to a few hundred. INTEGER sums that may add a chunk
/// uncounted are folded two columns a pass (<c>PairedIntegerSums</c>), and sums of the same column share one partial.
/// </summary>
public sealed class SharedGroupRowsProperties
{
    private static readonly long[] Extremes = [long.MaxValue, long.MinValue, 1L << 62, -(1L << 62), (1L << 53) + 1];

    [Property(MaxTest = 30)]
    public void Grouped_sums_sharing_the_group_rows_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(3000, 12000);
        var groups = random.Next(1, 30);
        var extremeShare = random.Next(0, 3) switch { 0 => 0.0, 1 => 0.0005, _ => 0.01 };

        // Per column: no NULL, NULLs from some row on (the chunks before have none), or NULLs anywhere.
        var nullsFrom = Enumerable.Range(0, 4).Select(_ => random.Next(0, 3) switch { 0 => int.MaxValue, 1 => random.Next(0, rows), _ => 0 }).ToArray();
        string Value(int column, int row, bool allNull, Func<string> value) =>
            allNull || (row >= nullsFrom[column] && random.Next(0, 6) == 0) ? "NULL" : value();

        var deleted = new HashSet<int>();
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, a INTEGER, b INTEGER, r REAL, s REAL);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");

            // Group `groups` has only NULL values.
            var g = random.Next(0, groups + 1);
            var allNull = g == groups;
            var a = Value(0, i, allNull, () => random.NextDouble() < extremeShare
                ? Extremes[random.Next(Extremes.Length)].ToString(CultureInfo.InvariantCulture)
                : random.NextInt64(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture));
            var b = Value(1, i, allNull, () => random.Next(0, 100).ToString(CultureInfo.InvariantCulture));
            var r = Value(2, i, allNull, () => (random.NextDouble() * 1000 - 500).ToString("R", CultureInfo.InvariantCulture));
            var s = Value(3, i, allNull, () => (random.Next(0, 11) / 100.0).ToString("R", CultureInfo.InvariantCulture));
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {a}, {b}, {r}, {s})");
            if (random.Next(0, 10) == 0)
            {
                deleted.Add(i);
            }

            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        if (random.Next(0, 2) == 0)
        {
            deleted.Clear();
        }

        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), random.Next(1000, 9000), deleted);
        var filter = random.Next(0, 3) switch { 0 => "", 1 => "WHERE id % 7 <> 3", _ => "WHERE b < 60" };
        oracle.AssertSameAtEveryDegree($"SELECT g, AVG(a), AVG(b), AVG(r) FROM t {filter} GROUP BY g ORDER BY g");
        oracle.AssertSameAtEveryDegree($"SELECT g, SUM(b), AVG(b), TOTAL(b), SUM(r), AVG(r), COUNT(*), AVG(s) FROM t {filter} GROUP BY g ORDER BY g");
        oracle.AssertSameAtEveryDegree($"SELECT g % 3, SUM(a), COUNT(a), AVG(a), SUM(b * 2) FROM t {filter} GROUP BY 1 ORDER BY 1");
        oracle.AssertSameAtEveryDegree($"SELECT g, SUM(r * (1 - s)), AVG(r * (1 + s)), SUM(b + 1), AVG(s) FROM t {filter} GROUP BY g ORDER BY g");

        // Three INTEGER sums (folded two columns a pass, then one), and sums of one column sharing their partial.
        oracle.AssertSameAtEveryDegree($"SELECT g, AVG(b), SUM(a), TOTAL(b + 3), COUNT(*) FROM t {filter} GROUP BY g ORDER BY g");
        oracle.AssertSameAtEveryDegree($"SELECT g % 4, AVG(a), SUM(b), TOTAL(a), SUM(a), AVG(r), SUM(s), AVG(b), TOTAL(r) FROM t {filter} GROUP BY 1 ORDER BY 1");

        // Group counts about GroupRowCounts' laned limit (128 groups), and past it, growing from chunk to chunk.
        var modulus = random.Next(0, 3) switch { 0 => random.Next(2, 5), 1 => random.Next(120, 140), _ => random.Next(140, 400) };
        oracle.AssertSameAtEveryDegree($"SELECT id % {modulus}, AVG(b), SUM(r), COUNT(*) FROM t {filter} GROUP BY 1 ORDER BY 1");
    }
}
