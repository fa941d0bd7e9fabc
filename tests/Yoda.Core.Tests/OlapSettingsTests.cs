namespace Yoda.Core.Tests;

/// <summary>HtapConfig.OlapOptimizations, OlapParallelism and QueryMemoryLimitBytes through the public API.</summary>
// ColumnarOnly: OlapOptimizations, OlapParallelism and QueryMemoryLimitBytes are settings of the columnar engine.
[Trait("Backend", "ColumnarOnly")]
public class OlapSettingsTests
{
    private static readonly string[] Queries =
    [
        "SELECT region, COUNT(*), SUM(qty), AVG(price) FROM sales WHERE qty > 10 GROUP BY region ORDER BY region",
        "SELECT id, price FROM sales WHERE region IN ('north', 'East') ORDER BY price DESC, id LIMIT 5",
        "SELECT COUNT(DISTINCT region), COUNT(DISTINCT qty) FROM sales WHERE price < 100.5",
        "SELECT a.id, b.region FROM sales AS a JOIN sales AS b ON a.qty = b.id WHERE a.region = 'west' ORDER BY 1, 2",
    ];

    [Fact]
    public void Defaults_are_optimised_and_unlimited()
    {
        var config = new HtapConfig();
        Assert.True(config.OlapOptimizations);
        Assert.Equal(Environment.ProcessorCount, config.OlapParallelism);
        Assert.Null(config.QueryMemoryLimitBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Parallelism_must_be_at_least_one(int threads)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { OlapParallelism = threads });
        Assert.Equal(nameof(HtapConfig.OlapParallelism), error.ParamName);
    }

    [Fact]
    public async Task Serial_and_parallel_runs_give_the_same_answers()
    {
        // Segments of 32 rows: the 400 rows make 13 morsels, so four threads really split the work.
        await using var serial = await SalesAsync(new HtapConfig { OltpPath = ":memory:", OlapParallelism = 1, OlapSegmentCapacity = 32 });
        await using var parallel = await SalesAsync(new HtapConfig { OltpPath = ":memory:", OlapParallelism = 4, OlapSegmentCapacity = 32 });
        foreach (var sql in Queries.Append("SELECT COUNT(*), SUM(qty), MIN(price), MAX(region) FROM sales"))
        {
            Assert.Equal(Batches.Render(await serial.QueryOlapAsync(sql)), Batches.Render(await parallel.QueryOlapAsync(sql)));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void A_memory_limit_must_be_positive(long limit)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { QueryMemoryLimitBytes = limit });
        Assert.Equal(nameof(HtapConfig.QueryMemoryLimitBytes), error.ParamName);
    }

    [Fact]
    public async Task Optimisations_on_and_off_give_the_same_answers()
    {
        await using var optimised = await SalesAsync(new HtapConfig { OltpPath = ":memory:" });
        await using var plain = await SalesAsync(new HtapConfig { OltpPath = ":memory:", OlapOptimizations = false });
        foreach (var sql in Queries)
        {
            Assert.Equal(Batches.Render(await plain.QueryOlapAsync(sql)), Batches.Render(await optimised.QueryOlapAsync(sql)));
        }

        Assert.Contains("filter [", Batches.Render(await optimised.QueryOlapAsync("EXPLAIN " + Queries[0])));
        Assert.DoesNotContain("filter [", Batches.Render(await plain.QueryOlapAsync("EXPLAIN " + Queries[0])));
    }

    [Fact]
    public async Task A_query_past_the_memory_limit_fails_and_the_engine_keeps_working()
    {
        await using var engine = await SalesAsync(new HtapConfig { OltpPath = ":memory:", QueryMemoryLimitBytes = 20_000 });
        var error = await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT id, region, price FROM sales ORDER BY region, price, id"));
        Assert.Contains("QueryMemoryLimitBytes", error.Message);
        var count = await engine.QueryOlapAsync("SELECT COUNT(*) FROM sales");
        Assert.Equal(400L, ((Apache.Arrow.Int64Array)count[0].Column(0)).GetValue(0));
    }

    private static async Task<HtapEngine> SalesAsync(HtapConfig config)
    {
        var engine = await HtapEngine.OpenAsync(config);
        await engine.ExecuteAsync("CREATE TABLE sales(id INTEGER PRIMARY KEY, region TEXT, qty INTEGER, price REAL)");
        await engine.RegisterTableAsync(new TableSchema("sales", [("id", "int64"), ("region", "utf8"), ("qty", "int64"), ("price", "float64")], ["id"]));
        var regions = new[] { "north", "south", "East", "west", "", null };
        var statements = Enumerable.Range(1, 400).Select(i =>
            $"INSERT INTO sales VALUES ({i}, {(regions[i % 6] is { } r ? $"'{r}'" : "NULL")}, {(i % 9 == 0 ? "NULL" : (i * 37 % 101).ToString(System.Globalization.CultureInfo.InvariantCulture))}, {(i * 7.25 % 150).ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        await engine.ExecuteBatchAsync(statements);
        await engine.SyncNowAsync();
        return engine;
    }

}
