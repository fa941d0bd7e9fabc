using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Queries;

/// <summary>
/// Join shapes compared with SQLite: a small table joined with one of several chunks (the join
/// builds on the small side and streams the large one: its matched rows of every kind, NULLs among
/// them, are gathered from several chunks), NULL and duplicate keys, sides a filter leaves empty,
/// filters that read only the table being joined (applied to that table before the join), outer
/// joins, keys of mixed types, joins run once per outer row of a correlated subquery (the build keys
/// the streamed side's scan tests change between runs), and IN subqueries on an INTEGER column (looked up unboxed) with
/// NULLs on either side, empty sets and members of other types.
/// </summary>
public sealed class JoinShapeTests
{
    private const string Script = """
        CREATE TABLE o(k INTEGER, c INTEGER, d TEXT, p REAL);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
        INSERT INTO o SELECT CASE WHEN i % 50 = 0 THEN NULL ELSE i % 280 END, i % 7, 'd' || (i % 13), i * 0.25 FROM n;
        CREATE TABLE l(k INTEGER, q INTEGER, t TEXT, v REAL);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
        INSERT INTO l SELECT CASE WHEN i % 97 = 0 THEN NULL ELSE i % 400 END, i % 31,
            CASE WHEN i % 11 = 0 THEN NULL ELSE 't' || (i % 17) END, CASE WHEN i % 13 = 0 THEN NULL ELSE i / 8.0 END FROM n;
        CREATE TABLE c(id INTEGER, name TEXT);
        INSERT INTO c VALUES (0, 'zero'), (1, 'one'), (2, 'two'), (3, 'three'), (3, 'drei'), (5, NULL), (NULL, 'none');
        CREATE TABLE m(k TEXT, label TEXT);
        INSERT INTO m VALUES ('5', 'text five'), ('5.0', 'text five point zero'), (7, 'seven'), (NULL, 'null'), ('x', 'letter');
        """;

    [Theory]
    [InlineData("SELECT o.k, o.d, o.p, l.q, l.t, l.v FROM o, l WHERE o.k = l.k ORDER BY 1, 2, 3, 4, 5, 6")]
    [InlineData("SELECT o.k, l.q, l.t FROM o, l WHERE o.k = l.k AND o.p * 2 > 100 AND l.t || '' <> 't3' ORDER BY 1, 2, 3")]
    [InlineData("SELECT o.k, count(*), sum(l.q), total(l.v) FROM o, l WHERE o.k = l.k GROUP BY o.k ORDER BY 1")]
    [InlineData("SELECT o.k, l.q FROM o, l WHERE o.k = l.k AND l.q + 0 > 99 ORDER BY 1, 2")]
    [InlineData("SELECT o.k, l.q FROM o, l WHERE o.k = l.k AND o.d || '' = 'nothing' ORDER BY 1, 2")]
    [InlineData("SELECT o.k, l.t FROM o, l WHERE o.k = l.k AND (l.t LIKE '%3%' OR l.v IS NULL) ORDER BY 1, 2")]
    [InlineData("SELECT c.name, o.k, sum(l.q) FROM c, o, l WHERE c.id = o.c AND o.k = l.k AND c.name || '' <> 'two' AND l.v / 2 > 10 GROUP BY c.name, o.k ORDER BY 1, 2")]
    [InlineData("SELECT o.k, o.d, sum(l.q) FROM o, l WHERE o.k IN (SELECT k FROM l GROUP BY k HAVING sum(q) > 480) AND o.k = l.k GROUP BY o.k, o.d ORDER BY 1, 2")]
    [InlineData("SELECT o.k, o.d FROM o, l WHERE o.k NOT IN (SELECT k FROM l WHERE q > 3) AND o.k = l.k ORDER BY 1, 2")]
    [InlineData("SELECT l.k, l.q, o.d FROM l, o WHERE l.k = o.k AND l.q * 1 = 4 ORDER BY 1, 2, 3")]
    [InlineData("SELECT o.k, l.q FROM o, l WHERE o.k = l.k AND o.k * 1 IN (3, 250, 399) ORDER BY 1, 2")]
    [InlineData("SELECT c.id, (SELECT count(*) FROM o, l WHERE o.k = l.k AND o.c = c.id) FROM c ORDER BY 1")]
    [InlineData("SELECT c.id, (SELECT sum(l.q) FROM o, l WHERE o.k = l.k AND o.c * 1 >= c.id * 2) FROM c ORDER BY 1")]
    public void Inner_joins_match_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(Script);
        oracle.AssertSame(sql);
    }

    [Theory]
    [InlineData("SELECT o.k, l.q FROM o LEFT JOIN l ON o.k = l.k AND l.q * 1 > 28 ORDER BY 1, 2")]
    [InlineData("SELECT o.k, l.q FROM o LEFT JOIN l ON o.k = l.k WHERE l.q * 1 > 28 OR l.q IS NULL ORDER BY 1, 2")]
    [InlineData("SELECT c.name, o.k FROM c LEFT JOIN o ON c.id = o.c AND o.p * 1 > 70 ORDER BY 1, 2")]
    [InlineData("SELECT o.k, m.label FROM o JOIN m ON o.k = m.k ORDER BY 1, 2")]
    [InlineData("SELECT m.label, o.k FROM m LEFT JOIN o ON m.k = o.k AND o.d || '' = 'd5' ORDER BY 1, 2")]
    public void Outer_joins_and_mixed_type_keys_match_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(Script);
        oracle.AssertSame(sql);
    }

    [Theory]
    [InlineData("SELECT o.k, o.k IN (SELECT k FROM l WHERE q = 3), o.k NOT IN (SELECT k FROM l WHERE q = 3) FROM o ORDER BY 1")]
    [InlineData("SELECT o.k, o.k IN (SELECT k FROM l WHERE q = 99), o.k NOT IN (SELECT k FROM l WHERE q = 99) FROM o ORDER BY 1")]
    [InlineData("SELECT o.k, o.k IN (SELECT k FROM l WHERE k IS NOT NULL AND q = 5) FROM o ORDER BY 1")]
    [InlineData("SELECT o.k, o.k IN (SELECT v FROM l WHERE q = 2) FROM o ORDER BY 1")]
    [InlineData("SELECT o.k, o.k IN (SELECT m.k FROM m) FROM o ORDER BY 1")]
    [InlineData("SELECT o.k, o.k IN (SELECT t FROM l WHERE q = 1) FROM o ORDER BY 1")]
    [InlineData("SELECT o.k, o.k IN (SELECT k || '' FROM l WHERE q = 4) FROM o ORDER BY 1")]
    public void In_subqueries_on_an_integer_column_match_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(Script);
        oracle.AssertSame(sql);
    }

    [Fact]
    public void A_filter_reading_only_the_table_being_joined_runs_below_the_join()
    {
        using var oracle = new ScriptOracle(Script);

        var lines = oracle.Explain("SELECT o.k, l.q FROM o, l WHERE o.k = l.k AND l.q + 0 > 9").Split('\n');

        var join = Array.FindIndex(lines, line => line.Contains("HashJoin", StringComparison.Ordinal));
        var filter = Array.FindIndex(lines, line => line.Contains("Filter ((l.q + 0) > 9)", StringComparison.Ordinal));
        Assert.True(join >= 0 && filter > join, string.Join('\n', lines));
        Assert.True(Indent(lines[filter]) > Indent(lines[join]), string.Join('\n', lines));
        Assert.DoesNotContain("and ((l.q + 0) > 9)", lines[join], StringComparison.Ordinal);
    }

    [Fact]
    public void An_in_subquery_on_the_table_being_joined_filters_it_before_the_join()
    {
        using var oracle = new ScriptOracle(Script);

        var lines = oracle.Explain("SELECT o.k, l.q FROM l, o WHERE o.k IN (SELECT k FROM l WHERE q = 1) AND o.k = l.k").Split('\n');

        var join = Array.FindIndex(lines, line => line.Contains("HashJoin", StringComparison.Ordinal));
        var filter = Array.FindIndex(lines, line => line.Contains("IN subquery", StringComparison.Ordinal));
        Assert.True(join >= 0 && filter > join && Indent(lines[filter]) > Indent(lines[join]), string.Join('\n', lines));
    }

    [Fact]
    public void The_streamed_side_of_a_hash_join_tests_the_build_keys_in_its_scan()
    {
        using var oracle = new ScriptOracle(Script);

        var lines = oracle.Explain("SELECT o.k, l.q FROM o, l WHERE o.k = l.k").Split('\n');

        Assert.Contains(lines, line => line.Contains("Scan l [", StringComparison.Ordinal) && line.Contains("l.k IN (keys of the join)", StringComparison.Ordinal));
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;
}
