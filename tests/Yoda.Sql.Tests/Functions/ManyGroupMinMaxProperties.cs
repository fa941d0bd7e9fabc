using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: grouped MIN and MAX of INTEGERs and REALs over hundreds to thousands of groups (h2o-q7's
/// <c>MAX(v1) - MIN(v2)</c>), whose states grow many times per morsel, and COUNT(*) / COUNT(x) over the same groups,
/// give SQLite's answers at 1, 2 and 8 threads: NULL keys and values, a group whose values are all NULL, a group of
/// only the ends of the INTEGER range, groups a filter leaves without rows, zeros and deleted rows (signed zeros' ties: <c>MinMaxStateGrowthTests</c>).
/// </summary>
public sealed class ManyGroupMinMaxProperties
{
    [Property(MaxTest = 25)]
    public void Many_group_min_max_and_counts_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(2000, 12000);
        var keys = random.Next(20, 3000);
        var deleted = new HashSet<int>();
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, a INTEGER, r REAL);");
        string OrNull(string value) => random.Next(0, 8) == 0 ? "NULL" : value;
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");

            // Key `keys` has only NULL values; key `keys + 1` only the ends of the INTEGER range (a MAX of the smallest
            // INTEGER alone, a MIN of the largest), which other groups' `a` sometimes has too.
            var k = random.Next(0, keys + 2);
            var allNull = k == keys;
            var key = random.Next(0, 50) == 0 ? "NULL" : k.ToString(CultureInfo.InvariantCulture);
            var a = allNull ? "NULL"
                : k == keys + 1 || random.Next(0, 100) == 0 ? RangeEnd(random)
                : OrNull(random.NextInt64(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture));
            var r = allNull ? "NULL" : OrNull(random.Next(0, 10) == 0
                ? "0.0"
                : (random.NextDouble() * 1000 - 500).ToString("R", CultureInfo.InvariantCulture));
            script.Append(CultureInfo.InvariantCulture, $"({i}, {key}, {a}, {r})");
            if (random.Next(0, 10) == 0)
            {
                deleted.Add(i);
            }

            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), random.Next(1000, 9000), deleted);
        var filter = random.Next(0, 3) switch { 0 => "", 1 => "WHERE id % 7 <> 3", _ => "WHERE a < 200000" };
        oracle.AssertSameAtEveryDegree($"SELECT k, MAX(a) - MIN(r) FROM t {filter} GROUP BY k ORDER BY k");
        oracle.AssertSameAtEveryDegree($"SELECT k, MIN(a), MAX(r), COUNT(*), COUNT(r) FROM t {filter} GROUP BY k ORDER BY k");
        oracle.AssertSameAtEveryDegree($"SELECT k, COUNT(*) AS c FROM t {filter} GROUP BY k ORDER BY c DESC, k LIMIT 10");
        oracle.AssertSameAtEveryDegree($"SELECT k, MAX(a), MIN(a) FROM t {filter} GROUP BY k ORDER BY k");
    }

    /// <summary>The smallest or the largest INTEGER, as SQL (the smallest's literal would be a REAL before its minus).</summary>
    private static string RangeEnd(Random random) => random.Next(2) == 0 ? "(-9223372036854775807 - 1)" : "9223372036854775807";
}
