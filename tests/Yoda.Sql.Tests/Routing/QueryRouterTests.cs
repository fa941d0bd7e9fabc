using Yoda.Sql.Routing;

namespace Yoda.Sql.Tests.Routing;

public sealed class QueryRouterTests
{
    public static TheoryData<string, Route, bool, bool, string> Cases => new()
    {
        { "INSERT INTO t VALUES (1)", Route.Oltp, false, false, "write statement INSERT" },
        { "update t set a = 1", Route.Oltp, false, false, "write statement UPDATE" },
        { "DELETE FROM t", Route.Oltp, false, false, "write statement DELETE" },
        { "REPLACE INTO t VALUES (1)", Route.Oltp, false, false, "write statement REPLACE" },
        { "CREATE TABLE t(a)", Route.Oltp, false, false, "DDL statement CREATE" },
        { "DROP TABLE t", Route.Oltp, false, false, "DDL statement DROP" },
        { "ALTER TABLE t ADD b", Route.Oltp, false, false, "DDL statement ALTER" },
        { "BEGIN", Route.Oltp, false, false, "transaction statement BEGIN" },
        { "COMMIT", Route.Oltp, false, false, "transaction statement COMMIT" },
        { "ROLLBACK", Route.Oltp, false, false, "transaction statement ROLLBACK" },
        { "SAVEPOINT s", Route.Oltp, false, false, "transaction statement SAVEPOINT" },
        { "PRAGMA journal_mode", Route.Oltp, false, false, "PRAGMA statement" },
        { "SELECT * FROM t WHERE id = 1", Route.Oltp, true, false, "simple SELECT" },
        { "SELECT a, b FROM t ORDER BY a LIMIT 5", Route.Oltp, true, false, "simple SELECT" },
        { "SELECT max(a, b) FROM t", Route.Oltp, true, false, "simple SELECT" },
        { "SELECT 1", Route.Oltp, true, false, "simple SELECT" },
        { "VALUES (1), (2)", Route.Oltp, true, false, "simple SELECT" },
        { "SELECT 'count(' FROM t", Route.Oltp, true, false, "simple SELECT" },
        { "SELECT count(*) FROM t", Route.Olap, true, false, "aggregate function count" },
        { "SELECT SUM(a) FROM t", Route.Olap, true, false, "aggregate function sum" },
        { "SELECT max(a) FROM t", Route.Olap, true, false, "aggregate function max" },
        { "SELECT avg(a) FROM t", Route.Olap, true, false, "aggregate function avg" },
        { "SELECT a FROM t GROUP BY a", Route.Olap, true, false, "GROUP BY" },
        { "SELECT a FROM t HAVING a > 1", Route.Olap, true, false, "HAVING" },
        { "SELECT row_number() OVER (ORDER BY a) FROM t", Route.Olap, true, false, "window function" },
        { "SELECT * FROM t JOIN u ON t.a = u.a", Route.Olap, true, false, "join" },
        { "SELECT * FROM t, u", Route.Olap, true, false, "join (comma in FROM)" },
        { "SELECT * FROM t WHERE a IN (SELECT a FROM u)", Route.Olap, true, false, "subquery" },
        { "SELECT * FROM t WHERE EXISTS (SELECT 1)", Route.Olap, true, false, "subquery (EXISTS)" },
        { "SELECT * FROM (SELECT a FROM t)", Route.Olap, true, false, "subquery" },
        { "WITH c AS (SELECT 1) SELECT * FROM c", Route.Olap, true, false, "common table expression (WITH)" },
        { "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT n FROM c", Route.Olap, true, false, "common table expression (WITH)" },
        { "SELECT * FROM h FOR SYSTEM_TIME AS OF 100", Route.Olap, true, false, "point-in-time query (FOR SYSTEM_TIME)" },
        { "SELECT id FROM h AS x FOR SYSTEM_TIME AS OF CURRENT WHERE id = 1", Route.Olap, true, false, "point-in-time query (FOR SYSTEM_TIME)" },
        { "SELECT a FROM t UNION SELECT a FROM u", Route.Olap, true, false, "set operation UNION" },
        { "SELECT a FROM t EXCEPT SELECT a FROM u", Route.Olap, true, false, "set operation EXCEPT" },
        { "SELECT (SELECT max(a) FROM u) FROM t", Route.Olap, true, false, "subquery" },
        { "SELECT * FROM t RIGHT JOIN u ON t.a = u.a", Route.Olap, true, false, "join" },
        { "WITH c AS (SELECT 1) INSERT INTO t SELECT * FROM c", Route.Oltp, false, false, "write statement INSERT (WITH)" },
        { "SELECT a FROM t INTERSECT SELECT a FROM u", Route.Olap, true, false, "set operation INTERSECT" },
        { "EXPLAIN SELECT count(*) FROM t", Route.Olap, true, true, "aggregate function count" },
        { "EXPLAIN QUERY PLAN SELECT * FROM t", Route.Oltp, true, true, "simple SELECT" },
        { "EXPLAIN INSERT INTO t VALUES (1)", Route.Oltp, false, true, "write statement INSERT" },
        { "", Route.Oltp, false, false, "empty statement" },
        { "   -- only a comment", Route.Oltp, false, false, "empty statement" },
        { "SELECT 'unterminated", Route.Oltp, false, false, "cannot classify: tokenizer error" },
        { "FROBNICATE t", Route.Oltp, false, false, "cannot classify a statement starting with 'FROBNICATE'" },
        { "SELECT a, b, c FROM t WHERE a = 1 ORDER BY b, c", Route.Oltp, true, false, "simple SELECT" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifies(string sql, Route route, bool isQuery, bool isExplain, string reason) =>
        Assert.Equal(new RouteDecision(route, isQuery, isExplain, reason), QueryRouter.Classify(sql));
}
