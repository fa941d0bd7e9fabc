using Apache.Arrow;
using DuckDB.NET.Data;
using Yoda.Columnar.Storage;

namespace Yoda.DuckDb;

/// <summary>
/// Reads an OLAP table back from the DuckDB file into a columnar table (the merge state the sync
/// engine stages changes on), with its key index: the key of every row, or in temporal tables of
/// every open version (<c>valid_to</c> NULL). Rows get the positions 0, 1, 2… in their stored
/// order; the DuckDB copy is renumbered to match when deletions left gaps.
/// </summary>
public static class DuckDbTableReader
{
    /// <param name="keyColumns">Positions of the primary-key columns in the schema; empty for tables replicated by rowid.</param>
    /// <param name="openVersionColumn">In temporal tables, the valid-to column; else -1.</param>
    public static ColumnarTable Read(DuckDbDatabase database, StoredTable table, int segmentCapacity, IReadOnlyList<int> keyColumns, int openVersionColumn, CancellationToken ct)
    {
        return database.WithWriter(connection =>
        {
            var fields = table.Schema.FieldsList;
            var columns = string.Join(", ", fields.Select(f => DuckDbNames.Quote(f.Name)));
            var rowid = table.StoresRowid ? $", {DuckDbNames.Rowid}" : string.Empty;
            var segments = new List<Segment>();
            var keys = new List<KeyValuePair<RowKey, long>>();
            var builders = NewBuilders(fields);
            var values = new StorageValue[fields.Count];
            long count = 0;
            long lastPosition = -1;
            using (var command = connection.CreateCommand())
            {
                Func<DuckDBDataReader, int, StorageValue>[]? readers = null;
                command.CommandText = $"SELECT {DuckDbNames.Position}, {columns}{rowid} FROM {DuckDbNames.DataTable(table.Name)} ORDER BY {DuckDbNames.Position}";
                using var reader = command.ExecuteReader();
                readers ??= Enumerable.Range(1, values.Length).Select(c => ValueReaders.For(reader.GetFieldType(c))).ToArray();
                while (reader.Read())
                {
                    if ((count & 0xFFFF) == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                    }

                    lastPosition = reader.GetInt64(0);
                    for (var c = 0; c < values.Length; c++)
                    {
                        values[c] = readers[c](reader, c + 1);
                        builders[c].Append(values[c]);
                    }

                    if (openVersionColumn < 0 || values[openVersionColumn].IsNull)
                    {
                        keys.Add(new(KeyOf(table, reader, values, keyColumns, count), count));
                    }

                    if (++count % segmentCapacity == 0)
                    {
                        segments.Add(Seal(table.Schema, builders));
                        builders = NewBuilders(fields);
                    }
                }
            }

            if (count % segmentCapacity != 0)
            {
                segments.Add(Seal(table.Schema, builders));
            }

            if (lastPosition != count - 1)
            {
                Renumber(connection, table.Name);
            }

            return ColumnarTable.Restore(table.Name, table.Schema, segmentCapacity, segments, keys);
        });
    }

    private static RowKey KeyOf(StoredTable table, DuckDBDataReader reader, StorageValue[] values, IReadOnlyList<int> keyColumns, long position)
    {
        if (table.StoresRowid)
        {
            var rowid = reader.GetValue(values.Length + 1);
            return rowid is long r
                ? RowKey.FromInteger(r)
                : throw new YodaException($"the DuckDB table {table.Name} is damaged: the row at position {position} has no rowid");
        }

        var key = new object?[keyColumns.Count];
        for (var k = 0; k < key.Length; k++)
        {
            key[k] = values[keyColumns[k]].ToObject();
        }

        return RowKey.FromValues(key);
    }

    private static void Renumber(DuckDBConnection connection, string name)
    {
        var data = DuckDbNames.DataTable(name);
        var pos = DuckDbNames.Position;
        DuckDbDatabase.Execute(connection,
            $"UPDATE {data} SET {pos} = r.p FROM (SELECT {pos} AS old, row_number() OVER (ORDER BY {pos}) - 1 AS p FROM {data}) AS r WHERE {data}.{pos} = r.old");
    }

    private static ColumnBuilder[] NewBuilders(IReadOnlyList<Field> fields) =>
        fields.Select(f => ColumnBuilder.Create(f.Name, f.DataType)).ToArray();

    private static Segment Seal(Schema schema, ColumnBuilder[] builders)
    {
        var arrays = builders.Select(b => b.Build()).ToList();
        return new Segment(new RecordBatch(schema, arrays, arrays[0].Length), null);
    }
}
