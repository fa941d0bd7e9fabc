using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Queries;

/// <summary>Scalar, EXISTS and IN subqueries (correlated or not) and subqueries in FROM, compared with SQLite.</summary>
public sealed class SubqueryTests : IDisposable
{
    private readonly ScriptOracle _oracle = new(QueryTestData.Script);

    public void Dispose() => _oracle.Dispose();

    [Theory]
    [InlineData("SELECT (SELECT max(x) FROM b) AS m")]
    [InlineData("SELECT id, (SELECT count(*) FROM b WHERE b.id = a.id) FROM a ORDER BY id")]
    [InlineData("SELECT id, (SELECT y FROM b WHERE b.id = a.id ORDER BY y DESC) FROM a ORDER BY id")]
    [InlineData("SELECT id, (SELECT y FROM b WHERE b.id > 100) FROM a ORDER BY id")]
    [InlineData("SELECT (SELECT s FROM a ORDER BY id)")]
    [InlineData("SELECT id FROM a WHERE x > (SELECT avg(x) FROM b) ORDER BY id")]
    [InlineData("SELECT id, (SELECT count(*) FROM a AS p WHERE p.x < a.x) AS below FROM a ORDER BY below, id")]
    [InlineData("SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.id = a.id) ORDER BY id")]
    [InlineData("SELECT id FROM a WHERE NOT EXISTS (SELECT * FROM b WHERE b.id = a.id) ORDER BY id")]
    [InlineData("SELECT EXISTS (SELECT 1 FROM e), NOT EXISTS (SELECT 1 FROM e), EXISTS (SELECT 1 FROM a)")]
    [InlineData("SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.x = a.x AND b.y > 1) ORDER BY id")]
    [InlineData("SELECT id FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE a.x = b.x) ORDER BY id")]
    [InlineData("SELECT id, EXISTS (SELECT 1 FROM c WHERE c.t = a.x), NOT EXISTS (SELECT 1 FROM c WHERE c.t = a.x) FROM a ORDER BY id")]
    [InlineData("SELECT id, EXISTS (SELECT 1 FROM c WHERE c.z = a.s) FROM a ORDER BY id")]
    [InlineData("SELECT id, EXISTS (SELECT 1 FROM b WHERE b.y = a.x / 10 + 0.5) FROM a ORDER BY id")]
    [InlineData("SELECT count(*) FROM b WHERE EXISTS (SELECT 1 FROM a JOIN c ON c.x = a.x WHERE a.id = b.id)")]
    [InlineData("SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.id = a.id AND b.x > a.x) ORDER BY id")]
    [InlineData("SELECT id FROM a WHERE id IN (SELECT id FROM b) ORDER BY id")]
    [InlineData("SELECT id FROM a WHERE id NOT IN (SELECT id FROM b) ORDER BY id")]
    [InlineData("SELECT id FROM a WHERE x NOT IN (SELECT x FROM b) ORDER BY id")]
    [InlineData("SELECT id, x IN (SELECT x FROM b), x NOT IN (SELECT x FROM b) FROM a ORDER BY id")]
    [InlineData("SELECT id, x IN (SELECT x FROM b WHERE x IS NOT NULL) FROM a ORDER BY id")]
    [InlineData("SELECT NULL IN (SELECT id FROM e), NULL NOT IN (SELECT id FROM e), 1 IN (SELECT NULL), 1 NOT IN (SELECT NULL)")]
    [InlineData("SELECT id FROM a WHERE s IN (SELECT z FROM c) ORDER BY id")]
    [InlineData("SELECT id FROM a WHERE x IN (SELECT t FROM c) ORDER BY id")]
    [InlineData("SELECT id, '10' IN (SELECT x FROM b), 10 IN (SELECT t FROM c) FROM a ORDER BY id")]
    [InlineData("SELECT id FROM a WHERE id IN (SELECT b.id FROM b WHERE b.x = a.x) ORDER BY id")]
    [InlineData("SELECT id, (SELECT sum(y) FROM b WHERE b.id = a.id AND b.x IN (SELECT x FROM a AS q WHERE q.id <= a.id)) FROM a ORDER BY id")]
    [InlineData("SELECT id, (SELECT (SELECT count(*) FROM c WHERE c.x = b.x OR c.x = a.x) FROM b WHERE b.id = a.id ORDER BY b.x LIMIT 1) FROM a ORDER BY id")]
    [InlineData("SELECT x, count(*), (SELECT count(*) FROM b WHERE b.x = a.x) FROM a GROUP BY x ORDER BY x")]
    [InlineData("SELECT id FROM a ORDER BY (SELECT count(*) FROM b WHERE b.x < a.x), id")]
    [InlineData("SELECT CASE WHEN EXISTS (SELECT 1 FROM b WHERE b.id = a.id) THEN 'yes' ELSE 'no' END FROM a ORDER BY id")]
    [InlineData("SELECT * FROM (SELECT id, x * 2 AS dx FROM a) AS t WHERE dx > 15 ORDER BY id")]
    [InlineData("SELECT t.n, a.s FROM (SELECT id, count(*) AS n FROM b GROUP BY id) t JOIN a ON a.id = t.id ORDER BY 1, 2")]
    [InlineData("SELECT * FROM (SELECT id, id FROM a) ORDER BY 1")]
    [InlineData("SELECT count(*) FROM (SELECT DISTINCT x FROM a)")]
    [InlineData("SELECT * FROM (SELECT 1 AS v) WHERE v = '1'")]
    [InlineData("SELECT * FROM (SELECT x AS v FROM a) WHERE v = '10'")]
    [InlineData("SELECT * FROM (SELECT * FROM (SELECT id, s FROM a WHERE id > 1) WHERE id < 4) ORDER BY id DESC")]
    [InlineData("SELECT id FROM a WHERE id IN e")]
    [InlineData("SELECT id, x IN f, x NOT IN f FROM a ORDER BY id")]
    [InlineData("SELECT 1 IN a")]
    [InlineData("SELECT count(*), min(p.id) FROM (a AS p CROSS JOIN b AS q)")]
    [InlineData("SELECT p.id, q.id FROM (a AS p JOIN b AS q ON p.id = q.id) LEFT JOIN c ON c.x = q.x ORDER BY 1, 2")]
    [InlineData("SELECT * FROM ((SELECT 1 AS v) JOIN (SELECT 2 AS w))")]
    [InlineData("SELECT (SELECT id, x FROM a)")]
    [InlineData("SELECT 1 IN (SELECT id, x FROM a)")]
    [InlineData("SELECT * FROM (SELECT id FROM nosuch)")]
    public void Same_as_sqlite(string sql) => _oracle.AssertSame(sql);

    [Theory]
    [InlineData("SELECT (SELECT v FROM (SELECT a.id AS v)) FROM a ORDER BY 1")]
    [InlineData("SELECT id, (SELECT sum(v) FROM (SELECT b.y AS v FROM b WHERE b.id = a.id)) FROM a ORDER BY 1")]
    [InlineData("SELECT id, (SELECT count(*) FROM (SELECT * FROM b WHERE b.x > a.x) AS q) FROM a ORDER BY 1")]
    [InlineData("SELECT id FROM a WHERE EXISTS (SELECT 1 FROM (SELECT b.id FROM b WHERE b.id = a.id) WHERE id > 1) ORDER BY 1")]
    [InlineData("SELECT id FROM a WHERE x IN (SELECT q.x FROM (SELECT b.x FROM b WHERE b.id = a.id) AS q) ORDER BY 1")]
    [InlineData("SELECT id, (SELECT max(w) FROM (SELECT y * a.id AS w FROM b) JOIN (SELECT a.x AS z) ON w > z) FROM a ORDER BY 1")]
    [InlineData("SELECT id, (SELECT n FROM (SELECT count(*) AS n FROM b WHERE b.id = a.id GROUP BY b.id)) FROM a ORDER BY 1")]
    [InlineData("SELECT id, (SELECT v FROM (SELECT (SELECT a.x + 1) AS v)) FROM a ORDER BY 1")]
    [InlineData("SELECT * FROM a, (SELECT a.id)")]
    [InlineData("SELECT (WITH c AS (SELECT a.id AS v) SELECT v FROM c) FROM a ORDER BY 1")]
    [InlineData("SELECT id, (WITH c AS (SELECT x FROM b WHERE b.id = a.id) SELECT count(*) FROM c) FROM a ORDER BY 1")]
    [InlineData("WITH c(v) AS (SELECT a.id * 10) SELECT (SELECT v FROM c), (SELECT v + 1 FROM c) FROM a ORDER BY 1")]
    [InlineData("WITH c AS (SELECT x FROM b) SELECT id, (SELECT count(*) FROM c WHERE c.x = a.x), (SELECT count(*) FROM c) FROM a ORDER BY 1")]
    [InlineData("WITH c AS (SELECT a.id AS v) SELECT * FROM c")]
    public void A_subquery_in_from_reads_the_enclosing_row_as_in_sqlite(string sql) => _oracle.AssertSame(sql);

    [Theory]
    [InlineData("SELECT (SELECT column1 FROM (VALUES (a.id))) FROM a")]
    [InlineData("SELECT (SELECT id FROM (VALUES (a.id))) FROM a")]
    public void A_values_list_in_from_reading_the_enclosing_row_is_named_by_its_first_row_as_in_sqlite(string sql) => _oracle.AssertSame(sql);

    [Fact]
    public void Outer_aggregate_inside_a_subquery_is_the_enclosing_querys_as_in_sqlite() =>
        _oracle.AssertSame("SELECT (SELECT count(a.x) FROM b) FROM a");

    [Fact]
    public void Exists_over_an_equality_with_the_outer_query_is_a_semi_join_run_once()
    {
        var plan = _oracle.Explain("SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.x = a.x AND b.y > 1)");
        Assert.Contains("exists(x IN subquery#", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("outer(", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void Uncorrelated_in_is_planned_as_a_subquery_run_once()
    {
        var plan = _oracle.Explain("SELECT id FROM a WHERE x IN (SELECT x FROM b)");
        Assert.Contains("IN subquery#1", plan, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT id, x IN (SELECT b.x FROM b WHERE b.id = a.id), x NOT IN (SELECT b.x FROM b WHERE b.id = a.id) FROM a ORDER BY id")]
    [InlineData("SELECT id FROM a WHERE x IN (SELECT b.x FROM b WHERE a.id = b.id AND b.y > 1) ORDER BY id")]
    [InlineData("SELECT id, s IN (SELECT z FROM c WHERE c.x = a.x), x NOT IN (SELECT t FROM c WHERE c.x = a.x) FROM a ORDER BY id")]
    [InlineData("SELECT id, x IN (SELECT y FROM b WHERE b.id = a.id), 10 IN (SELECT DISTINCT b.x FROM b WHERE b.id = a.id ORDER BY 1) FROM a ORDER BY id")]
    public void Correlated_in_over_an_integer_equality_is_grouped_by_key_once(string sql)
    {
        _oracle.AssertSame(sql);
        Assert.Contains("subquery#1 keyed by", _oracle.Explain(sql), StringComparison.Ordinal);
        Assert.DoesNotContain("outer(", _oracle.Explain(sql), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT id, x IN (SELECT b.x FROM b WHERE b.id = a.id LIMIT 1) FROM a ORDER BY id")]
    [InlineData("SELECT id, x IN (SELECT max(b.x) FROM b WHERE b.id = a.id) FROM a ORDER BY id")]
    [InlineData("SELECT id, s IN (SELECT z FROM c WHERE c.z = a.s) FROM a ORDER BY id")]
    public void Correlated_in_of_other_shapes_runs_per_outer_value(string sql)
    {
        _oracle.AssertSame(sql);
        Assert.DoesNotContain("keyed by", _oracle.Explain(sql), StringComparison.Ordinal);
    }
}
