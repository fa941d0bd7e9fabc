using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Core.Tests;

/// <summary>The query API: routing, EXPLAIN, errors, result types, and OLAP answers equal to SQLite's.</summary>
public class QueryTests
{
    private static async Task<HtapEngine> SalesEngineAsync()
    {
        var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE sales(id INTEGER PRIMARY KEY, region TEXT, qty INTEGER, price REAL, flag INTEGER, note TEXT)");
        await engine.RegisterTableAsync(new TableSchema("sales",
            [("id", "int64"), ("region", "utf8"), ("qty", "int32"), ("price", "float64"), ("flag", "bool"), ("note", "utf8")], ["id"]));
        var random = new Random(7);
        var regions = new[] { "north", "south", "East", "west", "", null };
        var statements = new List<string>();
        for (var i = 1; i <= 500; i++)
        {
            var region = regions[random.Next(regions.Length)];
            var qty = random.Next(10) == 0 ? "NULL" : random.Next(-50, 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var price = random.Next(10) == 0 ? "NULL" : (random.NextDouble() * 200 - 50).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var note = random.Next(4) == 0 ? "NULL" : $"'n{random.Next(30)}'";
            statements.Add($"INSERT INTO sales VALUES ({i}, {(region is null ? "NULL" : $"'{region}'")}, {qty}, {price}, {random.Next(2)}, {note})");
        }

        await engine.ExecuteBatchAsync(statements);
        await engine.SyncNowAsync();
        await engine.ExecuteAsync("DELETE FROM sales WHERE id % 17 = 0");
        await engine.ExecuteAsync("UPDATE sales SET qty = qty + 1 WHERE id % 5 = 0");
        await engine.SyncNowAsync();
        return engine;
    }

    public static TheoryData<string> DifferentialQueries => new()
    {
        "SELECT COUNT(*) FROM sales",
        "SELECT COUNT(*), COUNT(qty), SUM(qty), MIN(qty), MAX(qty), AVG(price), TOTAL(price) FROM sales",
        "SELECT region, COUNT(*) AS n, SUM(qty) AS total FROM sales GROUP BY region ORDER BY region",
        "SELECT region, AVG(qty) FROM sales WHERE price > 10 GROUP BY region HAVING COUNT(*) > 5 ORDER BY 1",
        "SELECT id, qty * 2 + 1 AS x, price / 3 FROM sales WHERE qty BETWEEN 10 AND 20 ORDER BY id LIMIT 15",
        "SELECT id FROM sales WHERE region LIKE 'n%' OR region IN ('west', '') ORDER BY id DESC LIMIT 10 OFFSET 3",
        "SELECT DISTINCT region FROM sales ORDER BY region NULLS LAST",
        "SELECT flag, COUNT(DISTINCT note) FROM sales GROUP BY flag ORDER BY flag",
        "SELECT id, CASE WHEN qty > 50 THEN 'big' WHEN qty IS NULL THEN 'none' ELSE 'small' END AS size FROM sales ORDER BY id LIMIT 30",
        "SELECT id, qty / 7, qty % 7, -qty FROM sales WHERE qty IS NOT NULL ORDER BY qty, id LIMIT 25",
        "SELECT region || '-' || note AS label, COUNT(*) FROM sales GROUP BY label ORDER BY 2 DESC, 1 LIMIT 10",
        "SELECT MAX(price) - MIN(price), SUM(flag), COUNT(*) FILTER (WHERE flag = 1) FROM sales",
        "SELECT id, price FROM sales WHERE price IS NULL OR qty IS NULL ORDER BY id",
        "SELECT upper(region), length(note), abs(qty), round(price, 2) FROM sales ORDER BY id LIMIT 20",
        "SELECT coalesce(qty, -1), ifnull(region, '?'), nullif(flag, 0) FROM sales ORDER BY id LIMIT 20",
        "SELECT region, MIN(note), MAX(note) FROM sales GROUP BY 1 ORDER BY 1",
    };

    /// <summary>Queries where DuckDB deliberately differs (docs/sql-semantics.md, DuckDB backend).</summary>
    public static TheoryData<string> DifferentialQueriesOfSqliteExactSemantics => new()
    {
        "SELECT region, SUM(price) AS total FROM sales GROUP BY region ORDER BY total DESC",
        "SELECT CAST(price AS INTEGER), CAST(qty AS REAL), CAST(qty AS TEXT) FROM sales ORDER BY id LIMIT 20",
    };

    // ColumnarOnly: SQLite's compensated float sums and CAST(real AS INTEGER) truncation, which DuckDB does not share.
    [Trait("Backend", "ColumnarOnly")]
    [Theory]
    [MemberData(nameof(DifferentialQueriesOfSqliteExactSemantics))]
    public Task Olap_gives_sqlites_exact_answer(string sql) => Olap_gives_sqlites_answer(sql);

    [Theory]
    [MemberData(nameof(DifferentialQueries))]
    public async Task Olap_gives_sqlites_answer(string sql)
    {
        await using var engine = await SalesEngineAsync();
        IReadOnlyList<RecordBatch> olap;
        try
        {
            olap = await engine.QueryOlapAsync(sql);
        }
        catch (YodaException e) when (e.Message.Contains("not supported yet"))
        {
            // A feature the OLAP engine does not have yet must say so; SQLite must accept the query.
            await engine.QueryOltpAsync(sql);
            return;
        }

        var sqlite = await engine.QueryOltpAsync(sql);
        Assert.Equal(Names(sqlite), Names(olap));
        var expected = Rows(sqlite);
        var actual = Rows(olap);
        if (!sql.Contains("ORDER BY", StringComparison.Ordinal))
        {
            expected = expected.Order().ToList();
            actual = actual.Order().ToList();
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Router_sends_each_statement_where_the_rules_say()
    {
        Assert.Equal(QueryTarget.Oltp, HtapEngine.Route("SELECT * FROM t WHERE id = 1").Target);
        Assert.Equal(QueryTarget.Olap, HtapEngine.Route("SELECT COUNT(*) FROM t").Target);
        Assert.Equal(QueryTarget.Olap, HtapEngine.Route("SELECT a FROM t GROUP BY a").Target);
        Assert.Equal(QueryTarget.Olap, HtapEngine.Route("SELECT * FROM a JOIN b ON a.x = b.x").Target);
        Assert.Equal(QueryTarget.Olap, HtapEngine.Route("WITH c AS (SELECT 1) SELECT * FROM c").Target);
        Assert.Equal(QueryTarget.Oltp, HtapEngine.Route("INSERT INTO t SELECT COUNT(*) FROM u").Target);
        Assert.Equal(QueryTarget.Oltp, HtapEngine.Route("this is not sql (").Target);
        Assert.True(HtapEngine.Route("EXPLAIN SELECT SUM(x) FROM t").IsExplain);

        await using var engine = await SalesEngineAsync();
        // An aggregate is answered by OLAP: a row deleted in SQLite but not yet synced still counts there.
        await engine.ExecuteAsync("DELETE FROM sales WHERE id = 1");
        Assert.Equal(Count(await engine.QueryOlapAsync("SELECT COUNT(*) FROM sales")), Count(await engine.QueryAsync("SELECT COUNT(*) FROM sales")));
        Assert.Equal(Count(await engine.QueryOltpAsync("SELECT COUNT(*) FROM sales")) + 1, Count(await engine.QueryAsync("SELECT COUNT(*) FROM sales")));
        // A point query is answered by SQLite: it already sees the delete.
        Assert.Equal(0, (await engine.QueryAsync("SELECT * FROM sales WHERE id = 1")).Sum(b => b.Length));
        Assert.Equal(1, (await engine.QueryOlapAsync("SELECT id FROM sales WHERE id = 1")).Sum(b => b.Length));
    }

    [Fact]
    public async Task Explain_returns_the_route_and_the_plan()
    {
        await using var engine = await SalesEngineAsync();
        var olap = Assert.Single(await engine.QueryAsync("EXPLAIN SELECT region, SUM(qty) FROM sales GROUP BY region"));
        Assert.Equal(["route", "plan"], Names([olap]));
        Assert.Equal("OLAP", ((StringArray)olap.Column(0)).GetString(0));
        Assert.Contains("sales", ((StringArray)olap.Column(1)).GetString(0));
        var oltp = Assert.Single(await engine.QueryAsync("EXPLAIN SELECT * FROM sales WHERE id = 3"));
        Assert.Equal("OLTP", ((StringArray)oltp.Column(0)).GetString(0));
        Assert.Contains("sales", ((StringArray)oltp.Column(1)).GetString(0));
    }

    // ColumnarOnly: DuckDB's dialect accepts a trailing comma in a select list and words its errors its own way.
    [Trait("Backend", "ColumnarOnly")]
    [Fact]
    public async Task Sql_errors_name_the_problem_and_where_it_is()
    {
        await using var engine = await SalesEngineAsync();
        var syntax = await Assert.ThrowsAsync<SqlParseException>(() => engine.QueryOlapAsync("SELECT region,\n  FROM sales"));
        Assert.Equal(2, syntax.Line);
        Assert.Equal(3, syntax.Column);
        Assert.Contains("no such table: nope", (await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT COUNT(*) FROM nope"))).Message);
        Assert.Contains("no such column: nope", (await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("SELECT SUM(nope) FROM sales"))).Message);
        Assert.Contains("INSERT", (await Assert.ThrowsAsync<YodaException>(() => engine.QueryOlapAsync("INSERT INTO sales(id) VALUES (1000)"))).Message);
        Assert.Equal(0, (await engine.SyncStatusAsync()).Lag);
        await Assert.ThrowsAnyAsync<YodaException>(() => engine.QueryOlapAsync(new string('(', 10_000) + "1" + new string(')', 10_000)));
    }

    [Fact]
    public async Task Parameters_reach_the_olap_engine()
    {
        await using var engine = await SalesEngineAsync();
        var sql = "SELECT COUNT(*) FROM sales WHERE qty > ? AND region = :r";
        object?[] values = [10, "north"];
        Assert.Equal(Count(await engine.QueryOltpAsync(sql, values)), Count(await engine.QueryOlapAsync(sql, values)));
    }

    [Fact]
    public async Task Result_types_follow_the_registered_schema()
    {
        await using var engine = await SalesEngineAsync();
        foreach (var batches in new[]
        {
            await engine.QueryAsync("SELECT id, qty, flag, price, region FROM sales WHERE id = 2"),
            await engine.QueryOlapAsync("SELECT id, qty, flag, price, region FROM sales WHERE id = 2"),
        })
        {
            var types = batches[0].Schema.FieldsList.Select(f => f.DataType.TypeId).ToArray();
            Assert.Equal([ArrowTypeId.Int64, ArrowTypeId.Int32, ArrowTypeId.Boolean, ArrowTypeId.Double, ArrowTypeId.String], types);
        }

        var computed = await engine.QueryAsync("SELECT COUNT(*) AS n, AVG(qty) AS a FROM sales");
        Assert.Equal([ArrowTypeId.Int64, ArrowTypeId.Double], computed[0].Schema.FieldsList.Select(f => f.DataType.TypeId));
        Assert.Equal(["n", "a"], Names(computed));
        // Zero rows still carry the schema.
        var empty = await engine.QueryOlapAsync("SELECT id, region FROM sales WHERE id < 0");
        Assert.Equal(["id", "region"], Names(empty));
    }

    private static long Count(IReadOnlyList<RecordBatch> batches) => (long)Columnar.Storage.ArrowValues.Get(batches[0].Column(0), 0)!;

    private static List<string> Names(IReadOnlyList<RecordBatch> batches) => batches[0].Schema.FieldsList.Select(f => f.Name).ToList();

    private static List<string> Rows(IReadOnlyList<RecordBatch> batches) =>
        batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r => string.Join("|", Enumerable.Range(0, b.ColumnCount)
            .Select(c => Columnar.Storage.ArrowValues.Get(b.Column(c), r) switch
            {
                null => "NULL",
                double d => Math.Round(d, 9).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
            })))).ToList();
}

public class OlapTablesTests
{
    [Fact]
    public async Task Olap_tables_report_rows_segments_and_bytes()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v REAL)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "float64")], ["id"]));
        await engine.ExecuteBatchAsync(Enumerable.Range(0, 1000).Select(i => $"INSERT INTO t VALUES ({i}, {i}.5)"));
        await engine.ExecuteAsync("DELETE FROM t WHERE id < 10");
        while ((await engine.SyncNowAsync()).EventsProcessed > 0)
        {
        }

        var info = Assert.Single(engine.OlapTables());
        Assert.Equal(("t", 990L, 1000L, 1), (info.Name, info.LiveRows, info.StoredRows, info.Segments));
        // Two 8-byte columns plus validity bitmaps and a deletion vector: at least 16 bytes a row, not much more.
        Assert.InRange(info.Bytes, 16_000, 20_000);
    }
}
