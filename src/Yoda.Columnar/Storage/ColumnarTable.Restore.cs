using System.Collections.Immutable;
using Apache.Arrow;

namespace Yoda.Columnar.Storage;

public sealed partial class ColumnarTable
{
    /// <summary>
    /// A table holding <paramref name="segments"/> as its published state (read back from durable
    /// storage) with the key index <paramref name="keys"/>. All segments but the last hold at most
    /// a segment's rows (fewer, even none, once compacted); the last one holds at least one row.
    /// </summary>
    public static ColumnarTable Restore(
        string name,
        Schema schema,
        int segmentCapacity,
        IReadOnlyList<Segment> segments,
        IEnumerable<KeyValuePair<RowKey, long>> keys)
    {
        for (var s = 0; s < segments.Count; s++)
        {
            var rows = segments[s].RowCount;
            if (rows > segmentCapacity || (s == segments.Count - 1 && rows == 0))
            {
                throw new YodaException($"table {name}: segment {s} of {rows} rows does not fit segments of {segmentCapacity} rows");
            }
        }

        var table = new ColumnarTable(name, schema, segmentCapacity);
        foreach (var (key, position) in keys)
        {
            if (!table._index.TryAdd(key, position))
            {
                throw new YodaException($"table {name}: key {key} belongs to two live rows");
            }
        }

        table._current = new TableSnapshot(name, schema, segments.ToImmutableArray());
        return table;
    }
}
