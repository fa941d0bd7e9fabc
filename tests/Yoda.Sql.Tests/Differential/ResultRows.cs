using Apache.Arrow;
using Microsoft.Data.Sqlite;

namespace Yoda.Sql.Tests.Differential;

/// <summary>Rows of a result as plain values (null, long, double, string, byte[]) for comparing Yoda with SQLite.</summary>
public static class ResultRows
{
    public static List<object?[]> FromArrow(QueryResult result)
    {
        var rows = new List<object?[]>();
        foreach (var batch in result.Batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                rows.Add(Enumerable.Range(0, batch.ColumnCount).Select(c => Value(batch.Column(c), r)).ToArray());
            }
        }

        return rows;
    }

    public static (List<string> Names, List<object?[]> Rows) FromSqlite(SqliteConnection connection, string sql, IReadOnlyList<object?> parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (text, index) in Yoda.Sql.Parsing.Placeholders.Scan(sql))
        {
            command.Parameters.AddWithValue(text, parameters[index - 1] ?? DBNull.Value);
        }

        using var reader = command.ExecuteReader();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }

        return (names, rows);
    }

    public static object? Value(IArrowArray array, int row) => Yoda.Columnar.Storage.ArrowValues.Get(array, row);

    public static bool Same(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a is double || b is double)
        {
            if (a is not (double or long) || b is not (double or long))
            {
                return false;
            }

            var (x, y) = (Convert.ToDouble(a), Convert.ToDouble(b));
            return x == y || Math.Abs(x - y) <= 1e-9 * Math.Max(Math.Abs(x), Math.Abs(y));
        }

        return a is byte[] p && b is byte[] q ? p.AsSpan().SequenceEqual(q) : a.Equals(b);
    }

    public static string Render(object?[] row) => string.Join(" | ", row.Select(v => v switch
    {
        null => "NULL",
        byte[] b => "x'" + Convert.ToHexString(b) + "'",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "r",
        _ => v.ToString(),
    }));
}
