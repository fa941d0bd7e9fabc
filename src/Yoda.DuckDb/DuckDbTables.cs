using System.Globalization;
using System.Text;
using Apache.Arrow;
using DuckDB.NET.Data;
using Yoda.Columnar.Storage;

namespace Yoda.DuckDb;

/// <summary>
/// Changes to the DuckDB copies of the OLAP tables, each inside a <see cref="DuckDbDatabase.Commit"/>:
/// create, apply a delta (rows deleted by position, rows appended through DuckDB's appender),
/// reshape after a column change, drop.
/// </summary>
public static class DuckDbTables
{
    private const int DeletesPerStatement = 1000;

    /// <summary>(Re)creates the table empty, with its view, and records it.</summary>
    public static void Create(DuckDBConnection connection, StoredTable table)
    {
        var columns = new StringBuilder($"{DuckDbNames.Position} BIGINT");
        foreach (var field in table.Schema.FieldsList)
        {
            columns.Append(", ").Append(DuckDbNames.Quote(field.Name)).Append(' ').Append(DuckDbTypes.ColumnType(field.DataType));
        }

        if (table.StoresRowid)
        {
            columns.Append($", {DuckDbNames.Rowid} BIGINT");
        }

        DuckDbDatabase.Execute(connection, $"DROP VIEW IF EXISTS {DuckDbNames.View(table.Name)}");
        DuckDbDatabase.Execute(connection, $"CREATE OR REPLACE TABLE {DuckDbNames.DataTable(table.Name)} ({columns})");
        CreateView(connection, table);
        DuckDbDatabase.SaveTable(connection, table);
    }

    /// <summary>Brings the table from <see cref="TableDelta.Before"/> to <see cref="TableDelta.After"/>, and records it.</summary>
    public static void Apply(DuckDBConnection connection, TableDelta delta)
    {
        if (delta.Before.Segments.IsEmpty)
        {
            Create(connection, delta.Table);
        }
        else
        {
            DuckDbDatabase.SaveTable(connection, delta.Table);
        }

        DeleteRows(connection, delta.Table.Name, DeletedPositions(delta));
        AppendRows(connection, delta);
    }

    /// <summary>Rewrites the table with the columns of <paramref name="table"/>: kept columns by name, new ones NULL.</summary>
    public static void Reshape(DuckDBConnection connection, StoredTable table, Schema oldSchema)
    {
        var select = new StringBuilder(DuckDbNames.Position);
        foreach (var field in table.Schema.FieldsList)
        {
            var kept = oldSchema.FieldsList.Any(f => string.Equals(f.Name, field.Name, StringComparison.OrdinalIgnoreCase));
            select.Append(", ").Append(kept
                ? $"CAST({DuckDbNames.Quote(field.Name)} AS {DuckDbTypes.ColumnType(field.DataType)}) AS {DuckDbNames.Quote(field.Name)}"
                : $"CAST(NULL AS {DuckDbTypes.ColumnType(field.DataType)}) AS {DuckDbNames.Quote(field.Name)}");
        }

        if (table.StoresRowid)
        {
            select.Append(", ").Append(DuckDbNames.Rowid);
        }

        DuckDbDatabase.Execute(connection, $"DROP VIEW IF EXISTS {DuckDbNames.View(table.Name)}");
        DuckDbDatabase.Execute(connection,
            $"CREATE OR REPLACE TABLE {DuckDbNames.DataTable(table.Name)} AS SELECT {select} FROM {DuckDbNames.DataTable(table.Name)}");
        CreateView(connection, table);
        DuckDbDatabase.SaveTable(connection, table);
    }

    public static void Drop(DuckDBConnection connection, string name)
    {
        DuckDbDatabase.Execute(connection, $"DROP VIEW IF EXISTS {DuckDbNames.View(name)}");
        DuckDbDatabase.Execute(connection, $"DROP TABLE IF EXISTS {DuckDbNames.DataTable(name)}");
        DuckDbDatabase.DeleteTable(connection, name);
    }

    private static void CreateView(DuckDBConnection connection, StoredTable table)
    {
        var columns = string.Join(", ", table.Schema.FieldsList.Select(f => DuckDbNames.Quote(f.Name)));
        DuckDbDatabase.Execute(connection, $"CREATE VIEW {DuckDbNames.View(table.Name)} AS SELECT {columns} FROM {DuckDbNames.DataTable(table.Name)}");
    }

    /// <summary>Rows live before and deleted after: sealed segments share unchanged deletion vectors, so only changed words are compared.</summary>
    private static List<long> DeletedPositions(TableDelta delta)
    {
        var deleted = new List<long>();
        var before = delta.Before.Segments;
        var after = delta.After.Segments;
        for (var s = 0; s < before.Length; s++)
        {
            var old = before[s].Deleted;
            var now = after[s].Deleted;
            if (ReferenceEquals(old, now) || now is null)
            {
                continue;
            }

            var oldWords = old is null ? default : old.Words;
            var newWords = now.Words;
            var rows = before[s].RowCount;
            for (var w = 0; w < newWords.Length && w * 64 < rows; w++)
            {
                var bits = newWords[w] & ~(w < oldWords.Length ? oldWords[w] : 0UL);
                while (bits != 0)
                {
                    var row = (w * 64) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (row < rows)
                    {
                        deleted.Add(((long)s * delta.SegmentCapacity) + row);
                    }
                }
            }
        }

        return deleted;
    }

    private static void DeleteRows(DuckDBConnection connection, string table, List<long> positions)
    {
        for (var start = 0; start < positions.Count; start += DeletesPerStatement)
        {
            var list = string.Join(", ", positions.Skip(start).Take(DeletesPerStatement).Select(p => p.ToString(CultureInfo.InvariantCulture)));
            DuckDbDatabase.Execute(connection, $"DELETE FROM {DuckDbNames.DataTable(table)} WHERE {DuckDbNames.Position} IN ({list})");
        }
    }

    /// <summary>Appends every row at a position the before-snapshot did not have and the after-snapshot keeps live.</summary>
    private static void AppendRows(DuckDBConnection connection, TableDelta delta)
    {
        var before = delta.Before.Segments;
        var after = delta.After.Segments;
        var first = before.IsEmpty ? 0 : before.Length - 1;
        if (after.Length == before.Length && (before.IsEmpty || after[^1].RowCount == before[^1].RowCount))
        {
            return;
        }

        using var appender = connection.CreateAppender(DuckDbNames.DataSchema, delta.Table.Name);
        for (var s = first; s < after.Length; s++)
        {
            var segment = after[s];
            var from = s < before.Length ? before[s].RowCount : 0;
            for (var row = from; row < segment.RowCount; row++)
            {
                if (!segment.IsLive(row))
                {
                    continue;
                }

                var position = ((long)s * delta.SegmentCapacity) + row;
                var appended = appender.CreateRow().AppendValue(position);
                for (var c = 0; c < segment.Batch.ColumnCount; c++)
                {
                    appended = AppendValue(appended, segment.Batch.Column(c), row);
                }

                if (delta.Table.StoresRowid)
                {
                    appended = appended.AppendValue(delta.RowidAt?.Invoke(position));
                }

                appended.EndRow();
            }
        }

        appender.Close();
    }

    /// <summary>DuckDB's appender would cut a text at a NUL character: such a value is refused, never stored shortened.</summary>
    private static string Text(string text) => text.Contains('\0', StringComparison.Ordinal)
        ? throw new YodaException("text values containing a NUL character are not supported yet by the DuckDB backend")
        : text;

    private static IDuckDBAppenderRow AppendValue(IDuckDBAppenderRow row, IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return row.AppendNullValue();
        }

        return array switch
        {
            Int8Array a => row.AppendValue(a.GetValue(index)),
            Int16Array a => row.AppendValue(a.GetValue(index)),
            Int32Array a => row.AppendValue(a.GetValue(index)),
            Int64Array a => row.AppendValue(a.GetValue(index)),
            UInt8Array a => row.AppendValue(a.GetValue(index)),
            UInt16Array a => row.AppendValue(a.GetValue(index)),
            UInt32Array a => row.AppendValue(a.GetValue(index)),
            UInt64Array a => row.AppendValue(a.GetValue(index)),
            HalfFloatArray a => row.AppendValue((float?)(float)a.GetValue(index)!.Value),
            FloatArray a => row.AppendValue(a.GetValue(index)),
            DoubleArray a => row.AppendValue(a.GetValue(index)),
            StringArray a => row.AppendValue(Text(a.GetString(index))),
            BooleanArray a => row.AppendValue(a.GetValue(index)),
            BinaryArray a => row.AppendValue(a.GetBytes(index).ToArray()),
            _ => throw new YodaException($"arrays of type {array.Data.DataType.Name} are not supported by the DuckDB backend"),
        };
    }
}
