using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: SUM, TOTAL, AVG and COUNT of an INTEGER column per group (the specialised loops of
/// SumState: with and without NULLs, dense and filtered selections, groups that overflow and turn
/// approximate, empty groups) give SQLite's answers, or its "integer overflow" error. Ungrouped sums
/// of one column plus different constants, read straight from the segments (one masked sum of the
/// column shared by all of them), over several segments with deleted rows, too.
/// </summary>
public sealed class IntegerSumProperties
{
    private static readonly long[] Extremes = [long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, 1L << 62, -(1L << 62), 1L << 53, (1L << 53) + 1];

    [Property(MaxTest = 60)]
    public void Integer_sums_per_group_match_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 2) == 0 ? random.Next(0, 40) : random.Next(4000, 9000);
        var groups = random.Next(1, 12);
        var withNulls = random.Next(0, 2) == 0;
        var extremeShare = random.Next(0, 3) switch { 0 => 0.0, 1 => 0.001, _ => 0.05 };
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, v INTEGER, r REAL);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var v = withNulls && random.Next(0, 10) == 0 ? "NULL"
                : random.NextDouble() < extremeShare ? Extremes[random.Next(Extremes.Length)].ToString(CultureInfo.InvariantCulture)
                : random.NextInt64(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
            var r = random.Next(0, 5) == 0 ? "NULL" : (random.NextDouble() * 1000 - 500).ToString("R", CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {random.Next(0, groups)}, {v}, {r})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        using var oracle = new ScriptOracle(script.ToString());
        var filter = random.Next(0, 3) switch { 0 => "", 1 => "WHERE id % 3 <> 1", _ => $"WHERE g <> {random.Next(0, groups)}" };
        oracle.AssertSame($"SELECT g, count(v), avg(v), total(v), avg(r), total(r) FROM t {filter} GROUP BY g ORDER BY g");
        oracle.AssertSame($"SELECT g, sum(v), count(*) FROM t {filter} GROUP BY g ORDER BY g");
        oracle.AssertSame($"SELECT sum(v), avg(v), total(v), sum(v + 1) FROM t {filter}");
        oracle.AssertSame($"SELECT g, avg(CASE WHEN id % 5 = 0 THEN NULL ELSE v END), sum(r) FROM t {filter} GROUP BY g ORDER BY g");
    }

    [Property(MaxTest = 40)]
    public void Sums_of_a_column_plus_constants_match_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 3) == 0 ? random.Next(0, 50) : random.Next(3000, 9000);
        var withNulls = random.Next(0, 2) == 0;
        var extremeShare = random.Next(0, 3) switch { 0 => 0.0, 1 => 0.001, _ => 0.05 };
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var a = withNulls && random.Next(0, 10) == 0 ? "NULL"
                : random.NextDouble() < extremeShare ? Extremes[random.Next(Extremes.Length)].ToString(CultureInfo.InvariantCulture)
                : random.NextInt64(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {a}, {random.Next(-1000, 1000)})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 9) == 0).ToHashSet();
        var rowsPerSegment = random.Next(1, 5000);
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), rowsPerSegment, deleted);
        long[] shifts = [0, 1, 2, -1, 1000, 1L << 62, long.MaxValue, long.MinValue + 1];
        string Shift() => shifts[random.Next(shifts.Length)].ToString(CultureInfo.InvariantCulture);
        var filter = random.Next(0, 3) switch { 0 => "", 1 => "WHERE b > 0", _ => $"WHERE a <> {random.Next(-5, 5)}" };
        oracle.AssertSameAtEveryDegree($"SELECT SUM(a), SUM(a + {Shift()}), SUM({Shift()} + a), SUM(b), SUM(b + 1), COUNT(a) FROM t {filter}");
        oracle.AssertSameAtEveryDegree($"SELECT SUM(b + 2), AVG(a - {Shift()}), TOTAL(a + {Shift()}), SUM(b), AVG(a), SUM(a + 1) FROM t {filter}");
    }

    /// <summary>
    /// Property: grouped sums of INTEGERs stored in several segments, whose overflow bound comes from the
    /// segments' zone maps (a stored array's smallest and largest values, its deleted rows' included) where
    /// that keeps the bound small enough, and from each chunk's own values where a segment's extreme (live or
    /// deleted, positive or negative) does not: SQLite's answers, or its "integer overflow", at every degree.
    /// Segments of several chunks, so that one chunk's extreme widens the range of the others.
    /// </summary>
    [Property(MaxTest = 30)]
    public void Grouped_sums_bounded_by_zone_maps_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(5000, 12000);
        var groups = random.Next(1, 20);
        long[] magnitudes = [1L << 40, 1L << 50, 1L << 58, long.MaxValue];
        var extreme = magnitudes[random.Next(magnitudes.Length)];
        var extremeShare = random.Next(0, 3) switch { 0 => 0.0002, 1 => 0.002, _ => 0.02 };

        // Extremes of one sign only, too: a range whose one end is far wider than the other.
        var signs = random.Next(0, 3);
        long Extreme() => (signs == 0 ? random.Next(0, 2) == 0 : signs == 1) ? extreme : -extreme - (extreme == long.MaxValue ? 1 : 0);
        var deleted = new HashSet<int>();
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, v INTEGER, r REAL);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var isExtreme = random.NextDouble() < extremeShare;
            var v = random.Next(0, 20) == 0 ? "NULL"
                : isExtreme ? Extreme().ToString(CultureInfo.InvariantCulture)
                : random.NextInt64(-1000, 1000).ToString(CultureInfo.InvariantCulture);
            if (isExtreme && random.Next(0, 2) == 0)
            {
                // Only the zone map sees it: the live rows span less.
                deleted.Add(i);
            }

            script.Append(CultureInfo.InvariantCulture, $"({i}, {random.Next(0, groups)}, {v}, {random.Next(-500, 500) / 8.0})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), random.Next(1000, 12000), deleted);
        var filter = random.Next(0, 2) == 0 ? "" : "WHERE id % 7 <> 3";
        oracle.AssertSameAtEveryDegree($"SELECT g, SUM(v), COUNT(v) FROM t {filter} GROUP BY g ORDER BY g");
        oracle.AssertSameAtEveryDegree($"SELECT g, AVG(v), TOTAL(v), SUM(r) FROM t {filter} GROUP BY g ORDER BY g");
        oracle.AssertSameAtEveryDegree($"SELECT g % 3, SUM(v), AVG(r) FROM t {filter} GROUP BY 1 ORDER BY 1");
    }

    /// <summary>
    /// Merged morsel by morsel, partial sums must decide "integer overflow" from each morsel's running
    /// sums on top of the sum before it, not from its total: sixteen-row morsels add up to
    /// 2^63 - 2^55, then the last one (+2^56, -2^56, zeros) pushes SQLite's running sum past 2^63
    /// although the total fits. SUM fails; TOTAL and AVG go on in floating point. (A partial that kept
    /// only its total would pass it.)
    /// </summary>
    [Fact]
    public void A_morsel_whose_running_sum_overflows_only_after_the_ones_before_matches_sqlite()
    {
        const long Step = 1L << 56;
        long[] values =
        [
            .. Enumerable.Repeat(Step - 1, 7 * 16),
            .. Enumerable.Repeat(Step, 15), (Step / 2) + 112,
            Step, -Step, .. Enumerable.Repeat(0L, 14),
        ];
        var rows = values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"({i}, {v})"));
        using var oracle = new ScriptOracle(
            $"CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t VALUES {string.Join(", ", rows)};",
            table => TableLayouts.Every(table, 16));
        oracle.AssertSameAtEveryDegree("SELECT id < 0, SUM(v) FROM t GROUP BY 1");
        oracle.AssertSameAtEveryDegree("SELECT id < 0, TOTAL(v), AVG(v), COUNT(v) FROM t GROUP BY 1");
        oracle.AssertSameAtEveryDegree("SELECT id < 0, SUM(v) FROM t WHERE id < 128 GROUP BY 1");
    }

    /// <summary>
    /// Regression: a group's sum near the lowest integer (long.MinValue first, then small values) over two morsels,
    /// the second folded in 64 bits, whose bound (16 rows of 2) stands in for its running sums. The sum plus the bound
    /// leaves the range although no running sum does: the merge must ask for a serial run (the bound is no prefix),
    /// not fail with "integer overflow" as it did at two threads.
    /// </summary>
    [Fact]
    public void A_sum_near_the_lowest_integer_merges_a_morsel_folded_in_64_bits_as_sqlite()
    {
        long[] values = [long.MinValue, .. Enumerable.Repeat(1L, 15), .. Enumerable.Repeat(2L, 16)];
        var rows = values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"({i}, {v})"));
        using var oracle = new ScriptOracle(
            $"CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t VALUES {string.Join(", ", rows)};",
            table => TableLayouts.Every(table, 16));
        oracle.AssertSameAtEveryDegree("SELECT id < 0, SUM(v) FROM t GROUP BY 1");
        oracle.AssertSameAtEveryDegree("SELECT id < 0, SUM(-v - 1) FROM t GROUP BY 1");
    }
}
