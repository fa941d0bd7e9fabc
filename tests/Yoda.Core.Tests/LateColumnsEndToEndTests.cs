using System.Globalization;
using Yoda.Columnar.Types;

namespace Yoda.Core.Tests;

/// <summary>
/// Late materialisation through the public API: registration marks a table's only primary-key column
/// (<see cref="ColumnDefinition.UniqueKeyMetadataKey"/>), a grouped query that shows other columns of that
/// table fetches them by the key after the top-N, and after updates, deletes and re-inserts of keys between
/// syncs (stale versions of a key's row deleted in storage) the answers are SQLite's, at 1 and 4 threads.
/// </summary>
// ColumnarOnly: late materialisation is a plan of the columnar engine.
[Trait("Backend", "ColumnarOnly")]
public class LateColumnsEndToEndTests
{
    private static readonly string[] Queries =
    [
        "SELECT id, name, bal, sum(price) AS r FROM c, o WHERE id = ck GROUP BY id, name, bal ORDER BY r DESC, id LIMIT 5",
        "SELECT name, count(*), id FROM o LEFT JOIN c ON id = ck GROUP BY id, name ORDER BY 2 DESC, 3 LIMIT 6",
        "SELECT bal, name, sum(price) FROM c JOIN o ON ck = id GROUP BY name, bal, id ORDER BY 3, id",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Fetched_columns_are_the_live_rows_after_updates_and_deletes_between_syncs(int threads)
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", OlapParallelism = threads, OlapSegmentCapacity = 4 });
        await engine.ExecuteAsync("CREATE TABLE c(id INTEGER PRIMARY KEY, name TEXT, bal REAL)");
        await engine.ExecuteAsync("CREATE TABLE o(oid INTEGER PRIMARY KEY, ck INTEGER, price INTEGER)");
        await engine.RegisterTableAsync(new TableSchema("c", [("id", "int64"), ("name", "utf8"), ("bal", "float64")], ["id"]));
        await engine.RegisterTableAsync(new TableSchema("o", [("oid", "int64"), ("ck", "int64"), ("price", "int64")], ["oid"]));
        await engine.ExecuteBatchAsync(Enumerable.Range(1, 12).Select(i => $"INSERT INTO c VALUES ({i}, 'first {i}', {(i * 1.5).ToString(CultureInfo.InvariantCulture)})"));
        await engine.ExecuteBatchAsync(Enumerable.Range(1, 60).Select(i => $"INSERT INTO o VALUES ({i}, {(i % 7 == 0 ? "NULL" : (i * 5 % 14).ToString(CultureInfo.InvariantCulture))}, {i * 3 % 17})"));
        await engine.SyncNowAsync();
        Assert.True(Olap.Schema(engine, "c").FieldsList[0].Metadata.ContainsKey(ColumnDefinition.UniqueKeyMetadataKey));
        Assert.False(Olap.Schema(engine, "c").FieldsList[1].HasMetadata);
        Assert.Contains("LateColumns [", Batches.Render(await engine.QueryOlapAsync("EXPLAIN " + Queries[0])));
        await AssertSameAnswersAsync(engine);

        // Newer versions of rows 1-6 in later segments, the old ones deleted; 8 deleted; 9 deleted and written again.
        await engine.ExecuteAsync("UPDATE c SET name = 'second ' || id, bal = NULL WHERE id <= 6");
        await engine.ExecuteAsync("DELETE FROM c WHERE id IN (8, 9)");
        await engine.SyncNowAsync();
        await engine.ExecuteAsync("INSERT INTO c VALUES (9, 'third 9', 99.5)");
        await engine.ExecuteAsync("UPDATE c SET name = NULL WHERE id = 2");
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
