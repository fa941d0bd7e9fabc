using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Shapes;

/// <summary>
/// Joins without an equality examining millions of row pairs (9,000,000 here; they were refused past
/// 5,000,000): the nested loop streams its pairs and gives SQLite's answer. The memory limit and
/// cancellation of such loops are in <c>QueryLimitsTests</c>.
/// </summary>
public sealed class LargeNestedLoopTests
{
    private const string Script = """
        CREATE TABLE p(i INTEGER, m INTEGER);
        CREATE TABLE q(i INTEGER, m INTEGER);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
        INSERT INTO p SELECT i, i % 7 FROM n;
        INSERT INTO q SELECT i * 2, i % 5 FROM p;
        """;

    private static readonly Lazy<ScriptOracle> Oracle = new(() => new ScriptOracle(Script));

    [Theory]
    [InlineData("SELECT count(*), sum(p.i - q.i), max(q.m) FROM p JOIN q ON p.i > q.i + q.m")]
    [InlineData("SELECT count(*), sum(q.i) FROM p LEFT JOIN q ON p.i * 2 < q.i - 5990 + p.m")]
    [InlineData("SELECT count(*), count(p.i), sum(q.i) FROM p RIGHT JOIN q ON p.i > q.i + 3000 - p.m")]
    [InlineData("SELECT count(*), count(q.i) FROM p FULL JOIN q ON p.i + q.i < 100 + p.m")]
    [InlineData("SELECT p.i, q.i FROM p, q WHERE p.i * q.i = 1089 * 2 ORDER BY 1, 2")]
    public void Matches_sqlite(string sql) => Oracle.Value.AssertSame(sql);
}
