using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Mismatches;

/// <summary>Joins compared with SQLite: rows in order, column names, and SQLite's errors.</summary>
public sealed class JoinTests
{
    private const string Script = """
        CREATE TABLE a(id INTEGER, x INTEGER, s TEXT);
        INSERT INTO a VALUES (1, 10, 'one'), (2, 20, 'two'), (3, NULL, 'three'), (4, 20, NULL);
        CREATE TABLE b(id INTEGER, x INTEGER, y REAL);
        INSERT INTO b VALUES (1, 10, 1.5), (2, 30, 2.5), (2, 20, NULL), (5, NULL, 5.5);
        CREATE TABLE c(x INTEGER, z TEXT);
        INSERT INTO c VALUES (10, 'ten'), (20, 'twenty'), (20, 'vingt');
        CREATE TABLE e(id INTEGER);
        """;

    [Theory]
    [InlineData("SELECT a.id, b.id, b.y FROM a JOIN b ON a.id = b.id ORDER BY 1, 2, 3")]
    [InlineData("SELECT * FROM a INNER JOIN b ON a.x = b.x ORDER BY a.id, b.id, b.y")]
    [InlineData("SELECT * FROM a, b WHERE a.id = b.id AND b.y > 2 ORDER BY 1, 5")]
    [InlineData("SELECT a.id, b.id FROM a CROSS JOIN b ORDER BY 1, 2")]
    [InlineData("SELECT count(*), sum(a.id * b.id) FROM a, b, c")]
    [InlineData("SELECT * FROM a LEFT JOIN b ON a.id = b.id ORDER BY a.id, b.y")]
    [InlineData("SELECT a.id, b.x FROM a LEFT OUTER JOIN b ON a.id = b.id AND b.x > 15 ORDER BY 1, 2")]
    [InlineData("SELECT a.id, b.x FROM a LEFT JOIN b ON a.id = b.id WHERE b.x IS NULL ORDER BY 1")]
    [InlineData("SELECT * FROM a JOIN b USING (id) ORDER BY id, y")]
    [InlineData("SELECT * FROM a JOIN b USING (id, x) ORDER BY id")]
    [InlineData("SELECT id, x, a.x, b.x FROM a LEFT JOIN b USING (id) ORDER BY 1, 4")]
    [InlineData("SELECT * FROM a NATURAL JOIN b ORDER BY id")]
    [InlineData("SELECT * FROM a NATURAL LEFT JOIN c ORDER BY id, z")]
    [InlineData("SELECT b.*, c.* FROM b JOIN c ON b.x = c.x ORDER BY b.id, c.z")]
    [InlineData("SELECT p.id, q.id FROM a AS p JOIN a q ON p.x = q.x AND p.id < q.id ORDER BY 1, 2")]
    [InlineData("SELECT a.s, c.z FROM a JOIN b ON a.id = b.id JOIN c ON c.x = b.x ORDER BY 1, 2")]
    [InlineData("SELECT a.s, count(*) FROM a LEFT JOIN c ON a.x = c.x GROUP BY a.s ORDER BY 1")]
    [InlineData("SELECT c.z, sum(b.y) FROM c, b WHERE c.x = b.x GROUP BY c.z HAVING count(*) > 0 ORDER BY 2 DESC, 1")]
    [InlineData("SELECT * FROM a JOIN e ON a.id = e.id")]
    [InlineData("SELECT a.id, e.id FROM a LEFT JOIN e ON 1 ORDER BY 1")]
    [InlineData("SELECT DISTINCT a.x FROM a, c WHERE a.x = c.x ORDER BY 1")]
    [InlineData("SELECT a.id FROM a, b WHERE a.id = b.id ORDER BY a.id LIMIT 2 OFFSET 1")]
    [InlineData("SELECT id FROM a JOIN b ON a.id = b.id")]
    [InlineData("SELECT x FROM a, c")]
    [InlineData("SELECT a.nope FROM a, c")]
    [InlineData("SELECT * FROM a JOIN c USING (id)")]
    [InlineData("SELECT z.* FROM a, c")]
    public void Matches_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(Script);
        oracle.AssertSame(sql);
        oracle.AssertSameColumnNames(sql);
    }

    [Theory]
    [InlineData("SELECT * FROM a JOIN b ON b.id = a.id AND b.y > 2", "HashJoin INNER on (b.id = a.id)")]
    [InlineData("SELECT * FROM a LEFT JOIN b USING (id)", "HashJoin LEFT on (a.id = b.id)")]
    [InlineData("SELECT * FROM a, c WHERE a.s = c.z", "NestedLoopJoin INNER on (a.s = c.z)")]
    [InlineData("SELECT * FROM a, c", "NestedLoopJoin INNER")]
    public void Chooses_a_hash_join_for_an_integer_equality(string sql, string join)
    {
        using var oracle = new ScriptOracle(Script);
        Assert.Contains(join, oracle.Explain(sql));
    }
}
