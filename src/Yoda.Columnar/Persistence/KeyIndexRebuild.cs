using Apache.Arrow;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Persistence;

/// <summary>
/// Rebuilds a table's key index from its data: the key of every live row (in temporal tables,
/// of every live row whose <c>valid_to</c> is NULL: the open versions), from the primary-key
/// columns or from the stored rowids.
/// </summary>
public static class KeyIndexRebuild
{
    /// <param name="keyColumns">Positions of the primary-key columns; empty for tables replicated by rowid.</param>
    /// <param name="openVersionColumn">In temporal tables, the valid-to column (NULL marks the open version); else -1.</param>
    public static List<KeyValuePair<RowKey, long>> Keys(LoadedTable table, IReadOnlyList<int> keyColumns, int openVersionColumn)
    {
        var keys = new List<KeyValuePair<RowKey, long>>();
        var capacity = table.Manifest.SegmentCapacity;
        for (var s = 0; s < table.Segments.Count; s++)
        {
            var segment = table.Segments[s];
            var batch = segment.Batch;
            var rowids = table.Rowids?[s];
            var openColumn = openVersionColumn >= 0 ? batch.Column(openVersionColumn) : null;
            for (var row = 0; row < segment.RowCount; row++)
            {
                if (!segment.IsLive(row) || (openColumn is not null && !openColumn.IsNull(row)))
                {
                    continue;
                }

                var position = ((long)s * capacity) + row;
                keys.Add(new(KeyOf(table, batch, rowids, keyColumns, row, position), position));
            }
        }

        return keys;
    }

    private static RowKey KeyOf(LoadedTable table, RecordBatch batch, Int64Array? rowids, IReadOnlyList<int> keyColumns, int row, long position)
    {
        if (rowids is not null)
        {
            return rowids.GetValue(row) is { } rowid
                ? RowKey.FromInteger(rowid)
                : throw new YodaException($"stored table {table.Manifest.Name} is damaged: the live row at position {position} has no rowid");
        }

        var values = new object?[keyColumns.Count];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = ArrowValues.Get(batch.Column(keyColumns[k]), row);
        }

        return RowKey.FromValues(values);
    }
}
