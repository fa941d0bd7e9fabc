using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: the ordered fold with its folding dealt out by group to parallel shares (counts and
/// SUM/TOTAL/AVG of INTEGERs and REALs) gives SQLite's answers to the bit, and the same rows in the
/// same order at 1, 2, 3 and 8 threads: REAL values whose compensated sums depend on the order of
/// every addition within a group (1e16, 1, -1e16), INTEGER sums that overflow on the way (SUM fails,
/// TOTAL and AVG go on in floating point), few groups, groups with a handful of rows each (grouped by
/// the consumer), groups first seen in late morsels, NULL keys and values, deleted rows, small segments.
/// </summary>
public sealed class GroupShareFoldProperties
{
    [Property(MaxTest = 20)]
    public void Shared_folds_match_sqlite_and_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 5) == 0 ? random.Next(0, 50) : random.Next(3000, 9000);
        // Few groups (workers group the morsels), about a hundred, or a group per few rows (the consumer groups them).
        var groups = random.Next(0, 3) switch { 0 => random.Next(1, 6), 1 => random.Next(60, 140), _ => Math.Max(1, rows / random.Next(2, 6)) };
        var overflowing = random.Next(0, 3) == 0;
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, s TEXT, p REAL, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            // Groups past the others appear only in the last fifth of the rows (the last morsels).
            var g = random.Next(0, 12) == 0 ? "NULL"
                : (i > rows * 4 / 5 && random.Next(0, 3) == 0 ? groups + random.Next(0, 7) : random.Next(0, groups)).ToString(CultureInfo.InvariantCulture);
            var v = random.Next(0, 8) == 0 ? "NULL"
                : (overflowing ? random.NextInt64(long.MaxValue / 8, long.MaxValue / 2) * (random.Next(0, 4) == 0 ? -1 : 1) : random.Next(-50, 50)).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {(g == "NULL" ? "NULL" : $"'k{g}'")}, {Real(random)}, {v})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 5) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 60), 1 => random.Next(200, 1500), _ => random.Next(4100, 6000) };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        string[] filters = ["", "WHERE p > 0", $"WHERE id > {rows / 2}", "WHERE id % 5 <> 2"];
        var filter = filters[random.Next(filters.Length)];
        string[] queries =
        [
            $"SELECT g, sum(p), avg(p), total(p), count(*) FROM t {filter} GROUP BY g",
            $"SELECT s, sum(p * 2), avg(v), count(p), total(v) FROM t {filter} GROUP BY s",
            $"SELECT g, sum(v), sum(p), count(v) FROM t {filter} GROUP BY g",
            $"SELECT g % 7, s, avg(p), sum(v), total(v) FROM t {filter} GROUP BY 1, 2",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql + " ORDER BY 1, 2");

            // Without ORDER BY: the first-seen order of the groups, which must not depend on the thread count.
            var serial = Rows(oracle, sql, 1);
            foreach (var degree in new[] { 2, 3, 8 })
            {
                Assert.Equal(serial, Rows(oracle, sql, degree));
            }
        }
    }

    /// <summary>
    /// Numeric keys grouped on the workers in tables that last across morsels: many small morsels, each with one
    /// group per two to five rows (so morsel 0 takes the group shares) out of a set that recurs from morsel to morsel
    /// (so a worker table's later morsels bring few new groups), groups first seen in late morsels, NULL keys, a REAL
    /// key and a key pair, REAL sums whose value depends on the order of the additions. SQLite's answers, and without
    /// ORDER BY the serial run's first-seen order of the groups at 2, 3 and 8 threads.
    /// </summary>
    [Property(MaxTest = 12)]
    public void Worker_tables_keep_the_serial_groups_in_their_order(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(6000, 14000);
        var segmentRows = random.Next(250, 800);
        var groups = segmentRows / random.Next(2, 6);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, p REAL, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            // Now and then in the second half, a group past the others: first seen by whichever worker table takes that morsel.
            var g = random.Next(0, 15) == 0 ? "NULL"
                : (i > rows / 2 && random.Next(0, 40) == 0 ? groups + random.Next(0, 60) : random.Next(0, groups)).ToString(CultureInfo.InvariantCulture);
            var v = random.Next(0, 8) == 0 ? "NULL" : random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {Real(random)}, {v})");
            script.Append(i % 500 == 499 || i == rows - 1 ? ";" : "");
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 5) == 0).ToHashSet();
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        string[] queries =
        [
            "SELECT g, sum(v), sum(p), avg(p), count(*) FROM t GROUP BY g",
            "SELECT g % 11, g, total(p), count(v) FROM t GROUP BY 1, 2",
            "SELECT g * 0.5, sum(p), avg(v) FROM t WHERE id % 3 <> 1 GROUP BY 1",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql + " ORDER BY 1, 2");
            var serial = Rows(oracle, sql, 1);
            foreach (var degree in new[] { 2, 3, 8 })
            {
                Assert.Equal(serial, Rows(oracle, sql, degree));
            }
        }
    }

    /// <summary>
    /// Thousands of groups (2 shares at 2 and 3 threads, 8 at 8) over full chunks of several-chunk morsels, whose group
    /// ids go back to the pool once every share has folded them: each group's rows spread over many chunks and morsels
    /// with REAL values whose compensated sums depend on the order of every addition, groups first seen in the last
    /// morsels, NULL keys; an INTEGER key (grouped by the workers in tables that rent from the statement's pool) and a
    /// TEXT key (grouped by the consumer). SQLite's answers at 1, 2 and 8 threads, and without ORDER BY the serial rows
    /// in the serial order.
    /// </summary>
    [Property(MaxTest = 8)]
    public void Thousands_of_groups_keep_every_groups_additions_in_order(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(20_000, 40_000);
        var groups = random.Next(1_500, 6_000);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, s TEXT, p REAL, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var g = random.Next(0, 20) == 0 ? "NULL"
                : (i > rows * 7 / 8 && random.Next(0, 4) == 0 ? groups + random.Next(0, 500) : random.Next(0, groups)).ToString(CultureInfo.InvariantCulture);
            var v = random.Next(0, 8) == 0 ? "NULL" : random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {(g == "NULL" ? "NULL" : $"'key {g}'")}, {Real(random)}, {v})");
            script.Append(i % 500 == 499 || i == rows - 1 ? ";" : "");
        }

        var deleted = random.Next(0, 3) == 0 ? Enumerable.Range(0, rows).Where(_ => random.Next(0, 7) == 0).ToHashSet() : [];
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), random.Next(8_200, 12_000), deleted);
        string[] queries =
        [
            "SELECT g, sum(v), sum(p), avg(p), total(p), count(*) FROM t GROUP BY g",
            "SELECT s, sum(p), avg(v), count(p) FROM t GROUP BY s",
            "SELECT g, total(p), sum(v) FROM t WHERE id % 4 <> 1 GROUP BY g",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql + " ORDER BY 1");
            var serial = Rows(oracle, sql, 1);
            foreach (var degree in new[] { 2, 3, 8 })
            {
                Assert.Equal(serial, Rows(oracle, sql, degree));
            }
        }
    }

    /// <summary>
    /// Sums whose every group's answer depends on the order of the additions: segments of 5,000 rows
    /// make morsels of two chunks (4,096 and 904 rows); in each segment every group gets -1e32, 1, 0.1
    /// in the first chunk and 0.1, 0.1, 1e32 in the second (zeros elsewhere). Ten segments of these
    /// in row order sum to 12.999999999999993 (compensated); with the chunks of each morsel swapped, to 13.000000000000004.
    /// </summary>
    [Fact]
    public void Every_groups_compensated_sum_adds_its_rows_in_order()
    {
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, p REAL);");
        double[] first = [-1e32, 1.0, 0.1];
        double[] second = [0.1, 0.1, 1e32];
        for (var i = 0; i < 50_000; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var position = i % 5000;
            var (values, k) = position < 4096 ? (first, position / 50) : (second, (position - 4096) / 50);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {i % 50}, {(k < 3 ? values[k] : 0.0):R})");
            script.Append(i % 500 == 499 ? ";" : "");
        }

        using var oracle = new ScriptOracle(script.ToString(), table => TableLayouts.Every(table, 5000));
        oracle.AssertSameAtEveryDegree("SELECT g, sum(p), total(p), avg(p), count(*) FROM t GROUP BY g ORDER BY g");
        oracle.AssertSameAtEveryDegree("SELECT g % 7, sum(p) FROM t WHERE id % 5000 < 4096 OR id % 5000 >= 4196 GROUP BY 1 ORDER BY 1");
    }

    private static List<string> Rows(ScriptOracle oracle, string sql, int degree)
    {
        try
        {
            return oracle.YodaRows(sql, new ExecutionOptions { Parallelism = degree });
        }
        catch (YodaException e)
        {
            return [e.Message];
        }
    }

    /// <summary>Mostly values whose compensated sums depend on the order of the additions (those near the largest REAL overflow to infinity or not).</summary>
    private static string Real(Random random) => random.Next(0, 12) switch
    {
        0 => "NULL",
        1 => "1e16",
        2 => "-1e16",
        3 => "1.0",
        4 => "3e-17",
        5 => "-0.0",
        6 => "1e308",
        7 => "-1e308",
        8 => "1.5e300",
        _ => (random.Next(-400, 400) / 8.0 + (random.Next(0, 1000) * 1e-7)).ToString("R", CultureInfo.InvariantCulture),
    };
}
