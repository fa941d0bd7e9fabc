using System.Globalization;

namespace Yoda.Core.Tests;

/// <summary>
/// tpch-q18's shape through the public API: an IN subquery grouping line items stored in runs of their order
/// key (aggregated segment by segment, its runs taken without hashing) gives SQLite's answers at 1 and 4
/// threads, also after a line inside a run is deleted, another updated (its newer version in a later segment)
/// and lines of an existing order inserted again between syncs.
/// </summary>
// ColumnarOnly: the ascending-keys aggregation is a plan of the columnar engine.
[Trait("Backend", "ColumnarOnly")]
public class InSubqueryEndToEndTests
{
    private static readonly string[] Queries =
    [
        "SELECT o.ok, price, sum(qty) FROM o, l WHERE o.ok IN (SELECT ok FROM l GROUP BY ok HAVING sum(qty) > 60) AND o.ok = l.ok GROUP BY o.ok, price ORDER BY price DESC, o.ok",
        "SELECT count(*), sum(qty), total(r) FROM l WHERE ok IN (SELECT ok FROM l GROUP BY ok HAVING total(r) > 4.5)",
        "SELECT ok FROM o WHERE ok NOT IN (SELECT ok FROM l GROUP BY ok HAVING count(*) > 3) ORDER BY ok",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Answers_are_sqlites_after_updates_and_deletes_inside_runs(int threads)
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", OlapParallelism = threads, OlapSegmentCapacity = 16 });
        await engine.ExecuteAsync("CREATE TABLE o(ok INTEGER PRIMARY KEY, price REAL)");
        await engine.ExecuteAsync("CREATE TABLE l(id INTEGER PRIMARY KEY, ok INTEGER, qty INTEGER, r REAL)");
        await engine.RegisterTableAsync(new TableSchema("o", [("ok", "int64"), ("price", "float64")], ["ok"]));
        await engine.RegisterTableAsync(new TableSchema("l", [("id", "int64"), ("ok", "int64"), ("qty", "int64"), ("r", "float64")], ["id"]));
        await engine.ExecuteBatchAsync(Enumerable.Range(1, 40).Select(ok => $"INSERT INTO o VALUES ({ok * 4}, {(ok * 37 % 101 * 1.25).ToString(CultureInfo.InvariantCulture)})"));

        // 1-7 lines an order, in order-key order, as TPC-H's lineitem is loaded.
        var lines = new List<string>();
        for (var ok = 1; ok <= 40; ok++)
        {
            for (var line = 0; line < 1 + (ok * 5 % 7); line++)
            {
                var id = lines.Count + 1;
                lines.Add($"INSERT INTO l VALUES ({id}, {ok * 4}, {(id * 13 % 50) + 1}, {(id * 7 % 16 / 8.0).ToString(CultureInfo.InvariantCulture)})");
            }
        }

        await engine.ExecuteBatchAsync(lines);
        await engine.SyncNowAsync();
        await AssertSameAnswersAsync(engine);

        // A line inside a run deleted, another's quantity updated, lines of an order written again.
        await engine.ExecuteAsync("DELETE FROM l WHERE id IN (5, 41, 42)");
        await engine.ExecuteAsync("UPDATE l SET qty = qty + 45 WHERE id = 60");
        await engine.SyncNowAsync();
        await engine.ExecuteAsync("INSERT INTO l VALUES (1000, 8, 50, 3.5), (1001, 8, 40, 0.5)");
        await engine.SyncNowAsync();
        await AssertSameAnswersAsync(engine);
    }

    private static async Task AssertSameAnswersAsync(HtapEngine engine)
    {
        foreach (var sql in Queries)
        {
            Assert.Equal(Batches.Render(await engine.QueryOltpAsync(sql)), Batches.Render(await engine.QueryOlapAsync(sql)));
        }
    }
}
