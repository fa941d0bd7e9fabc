using System.Globalization;
using System.Text;
using Apache.Arrow;
using Microsoft.Data.Sqlite;

namespace Yoda.Testing.Comparison;

/// <summary>
/// A query result in the comparison model: column names and rows of plain values
/// (<c>null</c>, <c>long</c>, <c>double</c>, <c>string</c>, <c>byte[]</c>). Booleans are 0/1
/// and every integer width is a <c>long</c>, as in SQLite.
/// </summary>
public sealed record ResultSet(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Reads Arrow batches (from <c>QueryOlapAsync</c> or <c>QueryAsync</c>).</summary>
    public static ResultSet FromArrow(IReadOnlyList<RecordBatch> batches)
    {
        var names = batches.Count > 0 ? batches[0].Schema.FieldsList.Select(f => f.Name).ToList() : [];
        var rows = new List<object?[]>();
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                var row = new object?[batch.ColumnCount];
                for (var c = 0; c < row.Length; c++)
                {
                    row[c] = ArrowValue(batch.Column(c), r);
                }

                rows.Add(row);
            }
        }

        return new ResultSet(names, rows);
    }

    /// <summary>Runs <paramref name="sql"/> on a SQLite connection and reads every row.</summary>
    public static ResultSet FromSqlite(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return new ResultSet(names, rows);
    }

    /// <summary>
    /// These rows as an Arrow result holds them (the OLTP convention, which Yoda's columns of
    /// per-row type follow too): per column, INTEGERs become REALs beside a REAL, and beside a TEXT
    /// (or a BLOB beside anything else) every value becomes text, numbers in round-trip format, blobs as hex.
    /// </summary>
    public ResultSet WithArrowColumnTypes()
    {
        var rows = Rows.Select(r => (object?[])r.Clone()).ToList();
        for (var c = 0; c < Columns.Count; c++)
        {
            var values = rows.Select(r => r[c]).Where(v => v is not null).ToList();
            var (real, text, blob) = (values.Any(v => v is double), values.Any(v => v is string), values.Any(v => v is byte[]));
            var asText = text || (blob && values.Any(v => v is not byte[]));
            foreach (var row in rows)
            {
                row[c] = row[c] switch
                {
                    long l when asText => l.ToString(CultureInfo.InvariantCulture),
                    double d when asText => d.ToString("R", CultureInfo.InvariantCulture),
                    byte[] b when asText => Convert.ToHexString(b),
                    long l when real => (double)l,
                    var v => v,
                };
            }
        }

        return new ResultSet(Columns, rows);
    }

    /// <summary>One value of an Arrow array in the comparison model.</summary>
    public static object? ArrowValue(IArrowArray array, int row) => Yoda.Columnar.Storage.ArrowValues.Get(array, row);

    /// <summary>A value as SQL-ish text: NULL, 12, 1.5r (reals), 'text', X'00'.</summary>
    public static string Show(object? value) => value switch
    {
        null => "NULL",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "r",
        string s => SqlLiteral.Render(s),
        byte[] b => "X'" + Convert.ToHexString(b) + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append('[').Append(string.Join(", ", Columns)).Append("] ").Append(Rows.Count).Append(" row(s)");
        foreach (var row in Rows.Take(30))
        {
            sb.AppendLine().Append("  ").Append(string.Join(" | ", row.Select(Show)));
        }

        if (Rows.Count > 30)
        {
            sb.AppendLine().Append("  ...");
        }

        return sb.ToString();
    }
}
