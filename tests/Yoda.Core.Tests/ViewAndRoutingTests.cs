namespace Yoda.Core.Tests;

/// <summary>Views created in SQLite queried on the OLAP side, and where QueryAsync sends the new query shapes.</summary>
public class ViewAndRoutingTests
{
    private static async Task<HtapEngine> OpenWithSalesAsync(string path = ":memory:")
    {
        var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = path });
        await engine.ExecuteAsync("CREATE TABLE IF NOT EXISTS s(id INTEGER PRIMARY KEY, region TEXT, amount REAL)");
        await engine.RegisterTableAsync(new TableSchema("s", [("id", "int64"), ("region", "string"), ("amount", "float64")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO s VALUES (1, 'eu', 10.0), (2, 'us', 20.0), (3, 'eu', 5.5), (4, NULL, 1.0)");
        await engine.SyncNowAsync();
        return engine;
    }

    private static string Rows(IReadOnlyList<Apache.Arrow.RecordBatch> batches) => string.Join("|", batches.Select(OltpTests.Render).Where(r => r.Length > 0));

    // ColumnarOnly: SQLite views are refused with OlapBackend.DuckDb (DuckDbBackendTests).
    [Trait("Backend", "ColumnarOnly")]
    [Fact]
    public async Task A_view_created_through_ExecuteAsync_is_queried_on_olap_like_on_sqlite()
    {
        await using var engine = await OpenWithSalesAsync();
        await engine.ExecuteAsync("CREATE VIEW big(id, region) AS SELECT id, region FROM s WHERE amount > 5");
        var sql = "SELECT region, count(*) FROM big GROUP BY region ORDER BY region";
        Assert.Equal(QueryTarget.Olap, HtapEngine.Route(sql).Target);
        var olap = Rows(await engine.QueryOlapAsync(sql));
        Assert.Equal(Rows(await engine.QueryOltpAsync(sql)), olap);
        Assert.Equal("eu,2|us,1", olap);
        Assert.Equal(olap, Rows(await engine.QueryAsync(sql)));
    }

    // ColumnarOnly: SQLite views are refused with OlapBackend.DuckDb (DuckDbBackendTests).
    [Trait("Backend", "ColumnarOnly")]
    [Fact]
    public async Task A_view_used_twice_and_views_over_views_work()
    {
        await using var engine = await OpenWithSalesAsync();
        await engine.ExecuteBatchAsync(["CREATE VIEW eu AS SELECT * FROM s WHERE region = 'eu'", "CREATE VIEW eu_total AS SELECT sum(amount) AS total FROM eu"]);
        Assert.Equal("15.5", Rows(await engine.QueryOlapAsync("SELECT total FROM eu_total")));
        Assert.Equal("4", Rows(await engine.QueryOlapAsync("SELECT count(*) FROM eu AS p, eu AS q")));
    }

    // ColumnarOnly: SQLite views are refused with OlapBackend.DuckDb (DuckDbBackendTests).
    [Trait("Backend", "ColumnarOnly")]
    [Fact]
    public async Task Drop_view_removes_it_from_olap()
    {
        await using var engine = await OpenWithSalesAsync();
        await engine.ExecuteAsync("CREATE VIEW v AS SELECT id FROM s");
        Assert.Equal("4", Rows(await engine.QueryOlapAsync("SELECT count(*) FROM v")));
        await engine.ExecuteAsync("DROP VIEW v");
        var error = await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT count(*) FROM v"));
        Assert.Equal("no such table: v", error.Message);
    }

    // ColumnarOnly: SQLite views are refused with OlapBackend.DuckDb (DuckDbBackendTests).
    [Trait("Backend", "ColumnarOnly")]
    [Fact]
    public async Task A_view_over_a_table_olap_does_not_hold_fails_with_no_such_table()
    {
        await using var engine = await OpenWithSalesAsync();
        await engine.ExecuteAsync("CREATE TABLE local(k INTEGER)");
        await engine.ExecuteAsync("CREATE VIEW lv AS SELECT k FROM local");
        var error = await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT count(*) FROM lv"));
        Assert.Equal("no such table: local", error.Message);
        var unknown = await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT count(*) FROM nothing_here"));
        Assert.Equal("no such table: nothing_here", unknown.Message);
    }

    // ColumnarOnly: SQLite views are refused with OlapBackend.DuckDb (DuckDbBackendTests).
    [Trait("Backend", "ColumnarOnly")]
    [Fact]
    public async Task Views_that_exist_when_the_engine_opens_are_known()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "views.db");
        await using (var engine = await OpenWithSalesAsync(path))
        {
            await engine.ExecuteAsync("CREATE VIEW us AS SELECT amount FROM s WHERE region = 'us'");
        }

        await using var reopened = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = path });
        await reopened.SyncNowAsync();
        Assert.Equal("20", Rows(await reopened.QueryOlapAsync("SELECT sum(amount) FROM us")));
    }

    [Fact]
    public async Task For_system_time_as_of_routes_to_olap_through_QueryAsync()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncMode = SyncMode.Temporal });
        await engine.ExecuteAsync("CREATE TABLE p(id INTEGER PRIMARY KEY, price REAL)");
        await engine.RegisterTableAsync(new TableSchema("p", [("id", "int64"), ("price", "float64")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO p VALUES (1, 10.0)");
        await engine.SyncNowAsync();
        var sql = "SELECT id, price FROM p FOR SYSTEM_TIME AS OF CURRENT";
        Assert.Equal(QueryTarget.Olap, HtapEngine.Route(sql).Target);
        Assert.Equal("1,10", Rows(await engine.QueryAsync(sql)));
    }

    // ColumnarOnly: compares a UNION without ORDER BY row by row; DuckDB returns its rows in another order.
    [Trait("Backend", "ColumnarOnly")]
    [Fact]
    public async Task Subqueries_ctes_and_compounds_route_to_olap_and_agree_with_sqlite()
    {
        await using var engine = await OpenWithSalesAsync();
        string[] queries =
        [
            "SELECT id FROM s WHERE amount > (SELECT avg(amount) FROM s) ORDER BY id",
            "WITH r AS (SELECT region, sum(amount) AS t FROM s GROUP BY region) SELECT region FROM r WHERE t > 10 ORDER BY 1",
            "SELECT region FROM s WHERE id < 3 UNION SELECT region FROM s WHERE id > 2",
        ];
        foreach (var sql in queries)
        {
            Assert.Equal(QueryTarget.Olap, HtapEngine.Route(sql).Target);
            Assert.Equal(Rows(await engine.QueryOltpAsync(sql)), Rows(await engine.QueryAsync(sql)));
        }
    }
}
