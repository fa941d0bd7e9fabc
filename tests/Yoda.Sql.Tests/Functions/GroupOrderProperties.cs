using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: a GROUP BY without ORDER BY gives its groups in first-seen order — SQLite's answer
/// ordered by each group's least rowid, row for row — at 1, 2 and 8 threads, whichever path
/// aggregates it: merged partials (counts, INTEGER sums, MIN/MAX), the ordered fold (DISTINCT,
/// group_concat), the group shares (REAL sums), with few groups, about a hundred, a group per few rows
/// (grouped by the consumer) or one per row; integer, text and two-column keys, NULL
/// keys, groups first seen in late morsels, filters, deleted rows and segments of many sizes.
/// </summary>
public sealed class GroupOrderProperties
{
    [Property(MaxTest = 20)]
    public void Groups_come_in_first_seen_order_as_sqlite_orders_them_by_their_least_rowid(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 5) == 0 ? random.Next(0, 60) : random.Next(3000, 12000);
        var groups = random.Next(0, 4) switch
        {
            0 => random.Next(1, 6),
            1 => random.Next(60, 140),
            2 => Math.Max(1, rows / random.Next(2, 6)),
            _ => Math.Max(1, rows),
        };
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, s TEXT, p REAL, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            // Groups past the others appear only in the last fifth of the rows (the last morsels).
            var g = random.Next(0, 15) == 0 ? "NULL"
                : (i > rows * 4 / 5 && random.Next(0, 3) == 0 ? groups + random.Next(0, 9) : random.Next(0, groups)).ToString(CultureInfo.InvariantCulture);
            var s = random.Next(0, 15) == 0 ? "NULL" : $"'s{random.Next(0, groups) % 97}'";
            var p = random.Next(0, 10) == 0 ? "NULL" : (random.Next(-4000, 4000) / 16.0).ToString("R", CultureInfo.InvariantCulture);
            var v = random.Next(0, 10) == 0 ? "NULL" : random.Next(-100, 100).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {g}, {s}, {p}, {v})");
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
            $"SELECT g, count(*), sum(v) FROM t {filter} GROUP BY g",
            $"SELECT g, sum(p), avg(p), count(*) FROM t {filter} GROUP BY g",
            $"SELECT s, total(p), count(v) FROM t {filter} GROUP BY s",
            $"SELECT g, s, sum(p), sum(v) FROM t {filter} GROUP BY g, s",
            $"SELECT g, min(p), max(s) FROM t {filter} GROUP BY g",
            $"SELECT s, count(DISTINCT v), sum(p) FROM t {filter} GROUP BY s",
            $"SELECT g % 7, group_concat(v) FROM t {filter} GROUP BY 1",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertFirstSeenOrderAtEveryDegree(sql);
        }
    }
}
