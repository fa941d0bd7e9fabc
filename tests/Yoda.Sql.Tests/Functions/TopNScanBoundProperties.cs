using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: a row top-N (<c>ORDER BY .. LIMIT</c> straight off one table's scan) gives SQLite's rows when the
/// scan tests the top-N's boundary on the first key before its own predicates (<c>TopNScanBound</c>), at 1, 2
/// and 8 threads and on every read (the second read tests coded text arrays by their codes): INTEGER and TEXT
/// first keys with NULLs (first ascending, last descending), many ties that later keys settle, deleted rows,
/// segments of a few rows to several chunks, LIMIT 0 and 1, budgets past the table, OFFSET, LIKE and comparison
/// filters, and projected expressions (no boundary in the scan then).
/// </summary>
public sealed class TopNScanBoundProperties
{
    private static readonly string[] Texts = ["NULL", "''", "'a'", "'b'", "'ab'", "'B'", "'ñandú'", "'é'", "'zz'"];

    [Property(MaxTest = 20)]
    public void Row_top_n_with_the_boundary_in_the_scan_matches_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 4) == 0 ? random.Next(0, 50) : random.Next(5_000, 14_000);
        var days = random.Next(0, 2) == 0 ? random.Next(1, 8) : random.Next(100, 600);
        var nulls = random.Next(0, 3) == 0 ? 0 : random.Next(2, 40);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, d TEXT, v INTEGER, s TEXT, n TEXT COLLATE NOCASE);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var d = nulls > 0 && random.Next(nulls) == 0 ? "NULL" : $"'{new DateTime(2013, 7, 1).AddDays(random.Next(days)):yyyy-MM-dd}'";
            var v = nulls > 0 && random.Next(nulls) == 0 ? "NULL" : random.Next(-days, days).ToString(CultureInfo.InvariantCulture);
            var s = Texts[random.Next(Texts.Length)];
            script.Append(CultureInfo.InvariantCulture, $"({i}, {d}, {v}, {s}, {Texts[random.Next(Texts.Length)]})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 5) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 60), 1 => random.Next(300, 3_000), _ => random.Next(9_000, 20_000) };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        var limit = random.Next(0, 4) switch { 0 => random.Next(0, 2), 1 => random.Next(2, 12), 2 => random.Next(12, 300), _ => rows + 5 };
        var offset = random.Next(0, 3) == 0 ? $" OFFSET {random.Next(0, 20)}" : string.Empty;
        string[] filters = ["", " WHERE s LIKE '%b%'", " WHERE s <> ''", " WHERE v > 0", " WHERE d >= '2013-07-03' AND s NOT LIKE 'a%'", " WHERE n = 'B'"];
        string[] orders = ["d, id", "d DESC, id", "v, id DESC", "v DESC, d, id", "d DESC, v DESC, id", "s, id", "n, id"];
        var chosen = orders.OrderBy(_ => random.Next()).Take(4).ToArray();
        for (var read = 0; read < 2; read++)
        {
            foreach (var order in chosen)
            {
                var filter = filters[random.Next(filters.Length)];
                oracle.AssertSameAtEveryDegree($"SELECT id, d, v, s FROM t{filter} ORDER BY {order} LIMIT {limit}{offset}");
            }

            oracle.AssertSameAtEveryDegree($"SELECT id, v + 1, d FROM t WHERE s > 'a' ORDER BY d, id LIMIT {limit}");
            // Scan columns that are not the schema's first: the boundary names the table's column.
            oracle.AssertSameAtEveryDegree($"SELECT v, s FROM t ORDER BY s DESC, v LIMIT {limit}{offset}");
        }
    }
}
