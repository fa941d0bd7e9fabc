using Microsoft.Data.Sqlite;
using Yoda.Cdc.Sql;

namespace Yoda.Cdc.Tests;

/// <summary>
/// <see cref="RawStatement"/> finds a row's column values from the first one (one
/// <c>sqlite3_column_value</c> call per row): every value read so equals what
/// Microsoft.Data.Sqlite's reader gives, row after row, for plain, compound and one-column selects.
/// </summary>
public sealed class RawStatementRowTests
{
    [Theory]
    [InlineData("SELECT a, b, c, d, e FROM t ORDER BY a")]
    [InlineData("SELECT e, d, c, b, a FROM t WHERE a % 3 = 0 UNION ALL SELECT a, 'x' || b, c, NULL, e FROM t WHERE a % 3 = 1 UNION ALL SELECT 1, 2, 3, 4, 5")]
    [InlineData("SELECT c FROM t")]
    [InlineData("SELECT a, a * 2.5, upper(b), 'const', x'0102' FROM t ORDER BY a DESC")]
    public void Values_read_from_the_row_equal_the_readers(string sql)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c, d BLOB, e REAL)");
        for (var i = 1; i <= 500; i++)
        {
            connection.Execute(
                "INSERT INTO t VALUES ($a, $b, $c, $d, $e)",
                ("$a", i), ("$b", i % 7 == 0 ? null : "text " + i), ("$c", (i % 4) switch { 0 => i, 1 => i * 0.25, 2 => "c" + i, _ => null }),
                ("$d", i % 5 == 0 ? null : BitConverter.GetBytes(i)), ("$e", i % 9 == 0 ? null : -i / 3.0));
        }

        var expected = new List<string>();
        using (var command = connection.Create(sql))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                expected.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Render(reader.IsDBNull(i) ? null : reader.GetValue(i)))));
            }
        }

        var actual = new List<string>();
        using (var statement = new RawStatement(connection, sql))
        {
            var width = expected[0].Split('|').Length;
            while (statement.Step())
            {
                actual.Add(string.Join("|", Enumerable.Range(0, width).Select(i => Render(statement.Value(i).ToObject()))));
            }
        }

        Assert.True(expected.Count > 1);
        Assert.Equal(expected, actual);
    }

    private static string Render(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => $"{value.GetType().Name}:{value}",
    };
}
