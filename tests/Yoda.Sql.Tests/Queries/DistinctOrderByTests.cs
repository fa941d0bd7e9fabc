using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Queries;

/// <summary>
/// SELECT DISTINCT ordered by terms that are not result columns: SQLite checks DISTINCT as it scans
/// and sorts the rows it keeps, so such a term takes its value from the first row of each distinct
/// result. Answers compared with SQLite row for row.
/// </summary>
public sealed class DistinctOrderByTests
{
    private const string Script = """
        CREATE TABLE t(id INTEGER, a TEXT, b INTEGER, r REAL);
        INSERT INTO t VALUES (1, 'x', 5, 0.5), (2, 'y', 1, 2.5), (3, 'x', 0, -1.0), (4, 'z', 3, NULL), (5, 'y', 9, 7.0),
                             (6, NULL, 2, 1.5), (7, NULL, -1, 3.0), (8, 'X', 4, 0.0), (9, 'Z', NULL, 9.5);
        CREATE TABLE u(k TEXT, w INTEGER);
        INSERT INTO u VALUES ('x', 10), ('y', 20), ('z', 30), ('x', 40);
        CREATE TABLE n(name TEXT COLLATE NOCASE, v INTEGER);
        INSERT INTO n VALUES ('b', 3), ('A', 1), ('B', 0), ('a', 7), ('c', 2);
        """;

    [Theory]
    [InlineData("SELECT DISTINCT a FROM t ORDER BY b")]
    [InlineData("SELECT DISTINCT a FROM t ORDER BY b DESC")]
    [InlineData("SELECT DISTINCT a FROM t ORDER BY -b, a")]
    [InlineData("SELECT DISTINCT a FROM t ORDER BY b LIMIT 2")]
    [InlineData("SELECT DISTINCT a FROM t ORDER BY b LIMIT 3 OFFSET 1")]
    [InlineData("SELECT DISTINCT upper(a) FROM t ORDER BY id DESC")]
    [InlineData("SELECT DISTINCT a FROM t WHERE id > 1 ORDER BY b")]
    [InlineData("SELECT DISTINCT a, a || b FROM t ORDER BY b")]
    [InlineData("SELECT DISTINCT a FROM t ORDER BY r, id")]
    [InlineData("SELECT DISTINCT a FROM t ORDER BY b NULLS LAST, a")]
    [InlineData("SELECT DISTINCT a FROM t ORDER BY a || b")]
    [InlineData("SELECT DISTINCT a FROM t ORDER BY b, r, a")]
    [InlineData("SELECT DISTINCT a COLLATE NOCASE FROM t ORDER BY b")]
    [InlineData("SELECT DISTINCT name FROM n ORDER BY v")]
    [InlineData("SELECT DISTINCT name FROM n ORDER BY v DESC")]
    [InlineData("SELECT DISTINCT b % 2 AS parity FROM t ORDER BY id DESC")]
    [InlineData("SELECT DISTINCT a FROM t ORDER BY (SELECT max(w) FROM u WHERE u.k = t.a), id")]
    [InlineData("SELECT DISTINCT count(*) FROM t GROUP BY a ORDER BY min(id) DESC")]
    public void Matches_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(Script);
        oracle.AssertSame(sql);
    }
}
