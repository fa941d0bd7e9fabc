using Microsoft.Data.Sqlite;
using Yoda.Columnar.Storage;
using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Functions;

/// <summary>Runs a query on Yoda's OLAP path and on SQLite over the same rows and asserts the same column names and values.</summary>
public static class SqliteOracle
{
    public static void AssertSame(SqliteConnection sqlite, CatalogSnapshot catalog, string sql)
    {
        var (names, expected) = ResultRows.FromSqlite(sqlite, sql, []);
        var result = SqlEngine.Execute(sql, [], catalog, default);
        var actual = ResultRows.FromArrow(result);
        Assert.Equal(names, result.Schema.FieldsList.Select(f => f.Name).ToList());
        if (!sql.Contains("ORDER BY", StringComparison.OrdinalIgnoreCase))
        {
            expected = [.. expected.OrderBy(SortKey, StringComparer.Ordinal)];
            actual = [.. actual.OrderBy(SortKey, StringComparer.Ordinal)];
        }

        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            for (var c = 0; c < names.Count; c++)
            {
                Assert.True(
                    SameValue(expected[r][c], actual[r][c]),
                    $"row {r}, column {names[c]}: SQLite [{ResultRows.Render(expected[r])}] vs Yoda [{ResultRows.Render(actual[r])}]");
            }
        }
    }

    /// <summary>Equal values of the same storage class (INTEGER never equals REAL); reals within a relative 1e-12.</summary>
    private static bool SameValue(object? a, object? b) =>
        (a, b) switch
        {
            (double x, double y) => x.Equals(y) || Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y)),
            (long x, long y) => x == y,
            (string x, string y) => x == y,
            (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
            (null, null) => true,
            _ => false,
        };

    private static string SortKey(object?[] row) => ResultRows.Render(row.Select(v => v is long l ? (double)l : v).ToArray());
}
