using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Merge;

/// <summary>Mirror mode: the OLAP table holds exactly the rows SQLite holds.</summary>
public sealed class DestructiveMerge : IMergeStrategy
{
    public bool AddsHistoryColumns => false;

    public void Insert(TableWriter writer, RowKey key, ReadOnlySpan<StorageValue> row, long timestampMicros, MergeCounters counters)
    {
        // A row already present (loaded by an initial sync, or replaced) is overwritten.
        if (writer.TryFind(key, out var existing))
        {
            writer.Delete(existing);
        }

        writer.SetKey(key, writer.Append(row));
        counters.Inserted++;
    }

    public void Update(TableWriter writer, RowKey oldKey, RowKey newKey, ReadOnlySpan<StorageValue> row, long timestampMicros, MergeCounters counters)
    {
        var keyChanged = !oldKey.Equals(newKey);
        if (writer.TryFind(oldKey, out var position))
        {
            if (!keyChanged && writer.RowMatches(position, row))
            {
                return;
            }

            writer.Delete(position);
            writer.RemoveKey(oldKey);
        }

        if (keyChanged && writer.TryFind(newKey, out var displaced))
        {
            writer.Delete(displaced);
        }

        writer.SetKey(newKey, writer.Append(row));
        counters.Updated++;
    }

    public void Delete(TableWriter writer, RowKey key, long timestampMicros, MergeCounters counters)
    {
        if (writer.TryFind(key, out var position))
        {
            writer.Delete(position);
            writer.RemoveKey(key);
            counters.Deleted++;
        }
    }
}
