using System.Collections.Immutable;
using Apache.Arrow;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Storage;

/// <summary>
/// An immutable, consistent view of one table: its schema and its segments with their deletion
/// vectors. Queries read snapshots; the sync engine publishes new ones.
/// </summary>
public sealed class TableSnapshot
{
    public TableSnapshot(string name, Schema schema, ImmutableArray<Segment> segments)
    {
        Name = name;
        Schema = schema;
        Segments = segments;
        foreach (var segment in segments)
        {
            LiveRowCount += segment.LiveRowCount;
        }
    }

    public string Name { get; }

    public Schema Schema { get; }

    public ImmutableArray<Segment> Segments { get; }

    public long LiveRowCount { get; }

    /// <summary>Rows held, live or deleted (in temporal tables: every version).</summary>
    public long StoredRowCount => Segments.Sum(s => (long)s.RowCount);

    /// <summary>
    /// Bytes of the Arrow buffers and deletion vectors this snapshot holds, and of the dictionary codes
    /// kept for its text arrays once a query grouped by them (<see cref="StoredTextCodes"/>) and its text
    /// columns' dictionaries (<see cref="ColumnTextDictionary"/>).
    /// </summary>
    public long ByteSize
    {
        get
        {
            long total = 0;
            foreach (var segment in Segments)
            {
                for (var c = 0; c < segment.Batch.ColumnCount; c++)
                {
                    var column = segment.Batch.Column(c);
                    foreach (var buffer in column.Data.Buffers)
                    {
                        total += buffer.Length;
                    }

                    if (column is StringArray texts)
                    {
                        total += StoredTextCodes.HeldBytes(texts);
                    }
                }

                total += (segment.Deleted?.Words.Length ?? 0) * sizeof(ulong);
            }

            foreach (var column in Schema.FieldsList)
            {
                total += ColumnTextDictionary.HeldBytes(column);
            }

            return total;
        }
    }

    /// <summary>Index of the column named <paramref name="name"/> (ASCII case-insensitive, like SQLite), or -1.</summary>
    public int FindColumn(string name)
    {
        for (var i = 0; i < Schema.FieldsList.Count; i++)
        {
            if (string.Equals(Schema.FieldsList[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
