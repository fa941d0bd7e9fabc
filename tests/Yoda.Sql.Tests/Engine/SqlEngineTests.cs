using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Engine;

public sealed class SqlEngineTests(SampleData data) : IClassFixture<SampleData>
{
    private QueryResult Run(string sql, params object?[] parameters) => SqlEngine.Execute(sql, parameters, data.Catalog, default);

    [Theory]
    [InlineData("SELECT * FROM nope", "no such table: nope")]
    [InlineData("SELECT nope FROM t", "no such column: nope")]
    [InlineData("SELECT t.nope FROM t", "no such column: t.nope")]
    [InlineData("SELECT u.id FROM t", "no such column: u.id")]
    [InlineData("SELECT x", "no such column: x")]
    [InlineData("SELECT u.* FROM t", "no such table: u")]
    [InlineData("INSERT INTO t VALUES (1)", "QueryOlapAsync runs queries only; INSERT is a write: use ExecuteAsync")]
    [InlineData("delete from t", "QueryOlapAsync runs queries only; DELETE is a write: use ExecuteAsync")]
    [InlineData("WITH c AS (SELECT 1) UPDATE t SET id = 1", "QueryOlapAsync runs queries only; UPDATE (WITH) is a write: use ExecuteAsync")]
    [InlineData("CREATE TABLE x(a)", "QueryOlapAsync runs queries only; DDL statement CREATE is not a query: use ExecuteAsync")]
    [InlineData("SELECT * FROM t JOIN (t AS u JOIN t AS w ON 1)", "parenthesized joins in FROM is not supported yet")]
    [InlineData("SELECT * FROM (SELECT 1) AS s JOIN nosuch", "no such table: nosuch")]
    [InlineData("SELECT (SELECT 1, 2)", "sub-select returns 2 columns - expected 1")]
    [InlineData("SELECT id FROM t WHERE id IN (SELECT id, id FROM t)", "sub-select returns 2 columns - expected 1")]
    [InlineData("WITH c(a, b) AS (SELECT 1) SELECT * FROM c", "table c has 1 values for 2 columns")]
    [InlineData("SELECT id FROM t UNION SELECT id, id FROM t", "SELECTs to the left and right of UNION do not have the same number of result columns")]
    [InlineData("SELECT id FROM t WHERE id IN nosuch", "no such table: nosuch")]
    [InlineData("SELECT s REGEXP 'a*' FROM t", "REGEXP is not supported yet")]
    [InlineData("SELECT soundex(s) FROM t", "no such function: soundex")]
    [InlineData("SELECT median(DISTINCT s) FROM t", "no such function: median")]
    [InlineData("SELECT frobnicate(s) FROM t", "no such function: frobnicate")]
    [InlineData("SELECT abs(1, 2)", "wrong number of arguments to function abs()")]
    [InlineData("SELECT id FROM t WHERE count(*) > 1", "misuse of aggregate function count()")]
    [InlineData("SELECT sum(count(*)) FROM t", "misuse of aggregate function count()")]
    [InlineData("SELECT count(*) FROM t GROUP BY count(*)", "aggregate functions are not allowed in the GROUP BY clause")]
    [InlineData("SELECT id FROM t ORDER BY 3", "1st ORDER BY term out of range - should be between 1 and 1")]
    [InlineData("SELECT id, s FROM t GROUP BY 1, 9", "2nd GROUP BY term out of range - should be between 1 and 2")]
    [InlineData("SELECT changes()", "function changes() reads the state of a SQLite connection, which an OLAP query does not have: it is not supported by OLAP queries")]
    [InlineData("SELECT id FROM t LIMIT 'x'", "datatype mismatch: LIMIT must be an integer")]
    [InlineData("SELECT ?2", "missing value for parameter ?2 (index 2; 0 value(s) given)")]
    public void Errors_are_yoda_exceptions_that_say_what_failed(string sql, string message)
    {
        var error = Assert.ThrowsAny<YodaException>(() => Run(sql));
        Assert.IsNotType<SqlParseException>(error);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Syntax_errors_are_parse_exceptions_with_position()
    {
        var error = Assert.Throws<SqlParseException>(() => Run("SELECT id,\nFROM t"));
        Assert.Equal((2, 1), (error.Line, error.Column));
    }

    [Fact]
    public void Long_operator_chains_hit_the_expression_depth_limit()
    {
        var sql = "SELECT " + string.Join(" + ", Enumerable.Repeat("1", 5000));
        var error = Assert.Throws<YodaException>(() => Run(sql));
        Assert.Equal("Expression tree is too large (maximum depth 1000)", error.Message);
        Assert.Equal(500L, ResultRows.FromArrow(Run("SELECT " + string.Join(" + ", Enumerable.Repeat("1", 500))))[0][0]);
    }

    [Fact]
    public void Result_types_follow_the_documented_rules()
    {
        var result = Run("SELECT i32, i8, b, f, u8, bin, i32 + 1, d * 2, s || '', count(*), sum(i32), sum(d), avg(i32), total(i32), min(i8), max(b), NULL FROM t GROUP BY i32, i8, b, f, u8, bin, s, d LIMIT 1");
        var types = result.Schema.FieldsList.Select(f => f.DataType.TypeId).ToArray();
        Assert.Equal(
            [
                ArrowTypeId.Int32, ArrowTypeId.Int8, ArrowTypeId.Boolean, ArrowTypeId.Float, ArrowTypeId.UInt8, ArrowTypeId.Binary,
                ArrowTypeId.Int64, ArrowTypeId.Double, ArrowTypeId.String, ArrowTypeId.Int64, ArrowTypeId.Int64, ArrowTypeId.Double,
                ArrowTypeId.Double, ArrowTypeId.Double, ArrowTypeId.Int8, ArrowTypeId.Boolean, ArrowTypeId.Int64,
            ],
            types);
    }

    [Fact]
    public void Zero_rows_still_have_a_schema()
    {
        var result = Run("SELECT id AS a, s FROM t WHERE id < 0");
        Assert.Empty(result.Batches);
        Assert.Equal(["a", "s"], result.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(ArrowTypeId.String, result.Schema.FieldsList[1].DataType.TypeId);
    }

    [Fact]
    public void Explain_shows_one_operator_per_line()
    {
        var plan = SqlEngine.Explain("SELECT g, count(*) FROM t WHERE id > 5 GROUP BY g ORDER BY 2 DESC LIMIT 10", [], data.Catalog);
        Assert.Equal(
            """
            Limit 10
              TopN 10 [count(*) DESC NULLS LAST]
                Project [g, count(*)]
                  HashAggregate keys=[g] aggregates=[count(*)]
                    Scan t [g] filter [(id > 5)]
            """.ReplaceLineEndings("\n"),
            plan);
    }

    [Fact]
    public void Explain_through_execute_returns_the_plan_as_rows()
    {
        var result = Run("EXPLAIN SELECT id FROM t WHERE ? < id", 3L);
        Assert.Equal("plan", result.Schema.FieldsList[0].Name);
        Assert.Equal(["Project [id]", "  Scan t [id] filter [(3 < id)]"], ResultRows.FromArrow(result).Select(r => (string)r[0]!));
    }

    [Fact]
    public void Parameters_of_every_supported_type_bind()
    {
        var row = ResultRows.FromArrow(Run("SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?", null, DBNull.Value, true, (short)7, 9UL, 1.5f, 2.5m, "x", new byte[] { 1 }))[0];
        Assert.Equal([null, null, 1L, 7L, 9L, 1.5, 2.5, "x", new byte[] { 1 }], row);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => SqlEngine.Execute("SELECT * FROM t", [], data.Catalog, cts.Token));
    }

    [Fact]
    public void Large_results_are_split_into_batches_of_at_most_64k_rows()
    {
        var catalog = EngineTestTables.Numbers(150_000);
        var result = SqlEngine.Execute("SELECT k, h, u, flag FROM n", [], catalog, default);
        Assert.Equal([65536, 65536, 18928], result.Batches.Select(b => b.Length));
        Assert.Equal(ArrowTypeId.HalfFloat, result.Schema.FieldsList[1].DataType.TypeId);
        var last = result.Batches[^1];
        Assert.Equal(149_999, ((Int32Array)last.Column(0)).GetValue(last.Length - 1));
        Assert.Equal((Half)74999.5f, ((HalfFloatArray)last.Column(1)).GetValue(last.Length - 1));
    }

    [Fact]
    public void Aggregates_over_many_chunks_and_groups()
    {
        var catalog = EngineTestTables.Numbers(100_000);
        var rows = ResultRows.FromArrow(SqlEngine.Execute(
            "SELECT u, count(*), sum(k), min(k), max(k), sum(flag) FROM n GROUP BY u ORDER BY u", [], catalog, default));
        Assert.Equal(7, rows.Count);
        var expected = Enumerable.Range(0, 100_000).Where(k => k % 7 == 3).ToList();
        Assert.Equal([3L, (long)expected.Count, expected.Sum(k => (long)k), 3L, (long)expected.Max(), (long)expected.Count(k => k % 2 == 0)], rows[3]);
    }

    [Fact]
    public void Top_n_and_offset_over_many_chunks()
    {
        var catalog = EngineTestTables.Numbers(20_000);
        var rows = ResultRows.FromArrow(SqlEngine.Execute("SELECT k FROM n ORDER BY u DESC, k LIMIT 3 OFFSET 2", [], catalog, default));
        Assert.Equal([[20L], [27L], [34L]], rows);
    }
}
