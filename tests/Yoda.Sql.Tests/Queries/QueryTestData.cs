namespace Yoda.Sql.Tests.Queries;

/// <summary>Small tables with NULLs, duplicates and mixed affinities for the query-structure tests.</summary>
internal static class QueryTestData
{
    public const string Script = """
        CREATE TABLE a(id INTEGER, x INTEGER, s TEXT);
        INSERT INTO a VALUES (1, 10, 'one'), (2, 20, 'two'), (3, NULL, 'three'), (4, 20, NULL), (5, 40, 'five');
        CREATE TABLE b(id INTEGER, x INTEGER, y REAL);
        INSERT INTO b VALUES (1, 10, 1.5), (2, 30, 2.5), (2, 20, NULL), (5, NULL, 5.5), (6, 10, 0.5);
        CREATE TABLE c(x INTEGER, z TEXT, t TEXT);
        INSERT INTO c VALUES (10, 'ten', '10'), (20, 'twenty', '20.0'), (20, 'two', 'x'), (NULL, NULL, NULL);
        CREATE TABLE e(id INTEGER);
        CREATE TABLE f(x INTEGER);
        INSERT INTO f VALUES (10), (NULL), (40);
        """;
}
