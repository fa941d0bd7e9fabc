namespace Yoda.Sql.Tests.Shapes;

/// <summary>The tables the shape tests compare with SQLite on: NULLs, duplicates, and join keys that match in part.</summary>
internal static class ShapeScript
{
    public const string Tables = """
        CREATE TABLE t(a INTEGER, b INTEGER, x INTEGER, s TEXT);
        INSERT INTO t VALUES (1, 10, 100, 'p'), (1, 20, 200, 'q'), (2, 30, 300, 'r'), (3, NULL, 400, NULL);
        CREATE TABLE u(k INTEGER, v INTEGER);
        INSERT INTO u VALUES (1, 5), (2, 6), (2, 7), (NULL, 8);
        CREATE TABLE a(x INTEGER, p TEXT);
        INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (NULL, 'an');
        CREATE TABLE b(x INTEGER, q TEXT);
        INSERT INTO b VALUES (2, 'b2'), (3, 'b3');
        CREATE TABLE c(x INTEGER, r TEXT);
        INSERT INTO c VALUES (3, 'c3'), (1, 'c1'), (4, 'c4');
        CREATE TABLE d(x INTEGER, s TEXT);
        INSERT INTO d VALUES (4, 'd4'), (2, 'd2');
        CREATE TABLE e(x TEXT, y REAL);
        INSERT INTO e VALUES ('1', 1.0), ('2', 2.5);
        """;
}
