using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Queries;

/// <summary>Compound selects whose columns mix classes from arm to arm, or compare under NOCASE/RTRIM, compared with SQLite.</summary>
public sealed class CompoundTypesAndCollationsTests : IDisposable
{
    private const string Script = """
        CREATE TABLE t(i INTEGER, d REAL, b TEXT COLLATE NOCASE, c TEXT, r TEXT COLLATE RTRIM);
        INSERT INTO t VALUES (1, 1.0, 'A', 'a', 'x'), (2, 2.5, 'a', 'A', 'x '), (3, 3.0, 'b', 'B', 'y  '), (1, 2.0, 'B', 'b', 'y');
        CREATE TABLE u(i INTEGER, d REAL, b TEXT COLLATE NOCASE);
        INSERT INTO u VALUES (2, 1.0, 'b'), (1, 3.0, 'a'), (NULL, 2.0, NULL), (4, NULL, 'A ');
        """;

    private readonly ScriptOracle _oracle = new(Script);

    public void Dispose() => _oracle.Dispose();

    [Theory]
    [InlineData("SELECT 1 UNION SELECT 2.5")]
    [InlineData("SELECT 1 UNION SELECT 1.0")]
    [InlineData("SELECT 1.0 UNION SELECT 1 UNION SELECT 2.5 UNION SELECT NULL")]
    [InlineData("SELECT i FROM t UNION SELECT d FROM u")]
    [InlineData("SELECT d FROM u UNION SELECT i FROM t")]
    [InlineData("SELECT i FROM t INTERSECT SELECT d FROM u")]
    [InlineData("SELECT d FROM u INTERSECT SELECT i FROM t")]
    [InlineData("SELECT d FROM t EXCEPT SELECT i FROM u")]
    [InlineData("SELECT i FROM t UNION ALL SELECT d FROM u ORDER BY 1")]
    [InlineData("SELECT i, d FROM t UNION SELECT d, i FROM u ORDER BY 2, 1")]
    [InlineData("SELECT typeof(x), x FROM (SELECT i AS x FROM t UNION SELECT d FROM u) ORDER BY x")]
    [InlineData("SELECT b FROM t UNION SELECT c FROM t")]
    [InlineData("SELECT c + 1 FROM t UNION SELECT 1 UNION SELECT 2.0 ORDER BY 1")]
    [InlineData("SELECT c COLLATE NOCASE FROM t INTERSECT SELECT c FROM t")]
    [InlineData("SELECT c FROM t UNION SELECT b FROM t")]
    [InlineData("SELECT 'A' UNION SELECT b FROM t")]
    [InlineData("SELECT c || '' FROM t UNION SELECT b FROM t")]
    [InlineData("SELECT c COLLATE NOCASE FROM t UNION SELECT c FROM t")]
    [InlineData("SELECT b FROM t INTERSECT SELECT 'a'")]
    [InlineData("SELECT b FROM t EXCEPT SELECT 'a'")]
    [InlineData("SELECT b FROM t UNION SELECT b FROM u")]
    [InlineData("SELECT b FROM u UNION SELECT b FROM t ORDER BY 1 DESC")]
    [InlineData("SELECT r FROM t UNION SELECT r FROM t")]
    [InlineData("SELECT r FROM t UNION SELECT 'x  '")]
    [InlineData("SELECT c FROM t UNION SELECT b FROM t ORDER BY 1")]
    [InlineData("SELECT b FROM t UNION ALL SELECT c FROM t ORDER BY 1")]
    [InlineData("SELECT c FROM t UNION ALL SELECT b FROM t ORDER BY 1 COLLATE NOCASE")]
    [InlineData("SELECT c FROM t UNION SELECT b FROM t ORDER BY 1 COLLATE NOCASE")]
    [InlineData("SELECT b FROM t UNION SELECT c FROM t ORDER BY 1 COLLATE BINARY")]
    [InlineData("SELECT b AS k FROM t UNION ALL SELECT c FROM t ORDER BY k COLLATE RTRIM DESC")]
    [InlineData("SELECT b, a FROM t UNION SELECT c, a FROM t ORDER BY 1, 2")]
    [InlineData("SELECT b FROM t UNION SELECT b FROM u EXCEPT SELECT 'B' COLLATE NOCASE ORDER BY 1")]
    [InlineData("SELECT count(*) FROM (SELECT b FROM t UNION SELECT c FROM t)")]
    [InlineData("SELECT b FROM t UNION SELECT c FROM t LIMIT 1 OFFSET 1")]
    public void Same_as_sqlite(string sql) => _oracle.AssertSame(sql);

    /// <summary>Each row keeps its arm's class, also read through a subquery (under the column's affinity, as SQLite reads it).</summary>
    [Theory]
    [InlineData("SELECT typeof(x), x FROM (SELECT d AS x FROM u UNION ALL SELECT i FROM t) ORDER BY x, 1")]
    [InlineData("SELECT typeof(x), x || '' FROM (SELECT 1 AS x UNION ALL SELECT 'a' UNION SELECT 2.5) ORDER BY 2")]
    [InlineData("SELECT typeof(x), x FROM (SELECT 1 AS x UNION SELECT 1.0 UNION SELECT 2 UNION SELECT 2.0 INTERSECT SELECT 2) ORDER BY x")]
    [InlineData("SELECT typeof(x), x || '' FROM (SELECT i AS x FROM t UNION SELECT d FROM u) ORDER BY 2")]
    [InlineData("SELECT typeof(x), x || '' FROM (SELECT d AS x FROM u UNION SELECT i FROM t) ORDER BY 2")]
    public void Mixed_classes_through_a_subquery_are_sqlites(string sql) => _oracle.AssertSame(sql);

    /// <summary>Distinct operations of three selects whose column has different collations, with a COLLATE in the ORDER BY: SQLite's answers (RandomCompoundTests probes more).</summary>
    [Theory]
    [InlineData("SELECT c FROM t UNION SELECT r FROM t UNION SELECT upper(c) FROM t")]
    [InlineData("SELECT upper(c) FROM t EXCEPT SELECT lower(c) FROM t UNION ALL SELECT b FROM t")]
    [InlineData("SELECT upper(c) FROM t INTERSECT SELECT b FROM u UNION ALL SELECT r FROM t ORDER BY 1 COLLATE NOCASE")]
    [InlineData("SELECT 'Z', 1 UNION SELECT b, 1 FROM t ORDER BY 1 COLLATE BINARY, 2")]
    [InlineData("SELECT b FROM u UNION SELECT c FROM t UNION SELECT r FROM t ORDER BY 1 COLLATE RTRIM DESC")]
    public void Collations_across_several_selects_are_sqlites(string sql) => _oracle.AssertSame(sql);

    /// <summary>A BLOB meets other classes: it keeps its class and sorts after every text, as in SQLite.</summary>
    [Theory]
    [InlineData("SELECT quote(x), typeof(x) FROM (SELECT x'01' AS x UNION SELECT 1) ORDER BY x")]
    [InlineData("SELECT quote(x) FROM (SELECT CAST(c AS BLOB) AS x FROM t UNION SELECT b FROM u UNION SELECT i FROM t UNION SELECT d FROM u) ORDER BY x DESC")]
    [InlineData("SELECT quote(x) FROM (SELECT CAST(b AS BLOB) AS x FROM t INTERSECT SELECT CAST(c AS BLOB) FROM t UNION ALL SELECT c FROM t) ORDER BY 1")]
    [InlineData("SELECT quote(x) FROM (SELECT CAST(c AS BLOB) AS x FROM t EXCEPT SELECT x'61' UNION ALL SELECT b FROM u) ORDER BY 1")]
    [InlineData("SELECT quote(x), count(*) FROM (SELECT CAST(c AS BLOB) AS x FROM t UNION ALL SELECT c FROM t UNION ALL SELECT x'41') GROUP BY x ORDER BY x")]
    public void Blobs_among_other_classes_are_sqlites(string sql) => _oracle.AssertSame(sql);
}
