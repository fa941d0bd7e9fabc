using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Merge;

/// <summary>
/// How a change lands in an OLAP table. Rows are given in the registered column order (no
/// history columns); keys identify rows by primary key or rowid.
/// </summary>
public interface IMergeStrategy
{
    /// <summary>Columns the strategy appends after the registered ones.</summary>
    bool AddsHistoryColumns { get; }

    void Insert(TableWriter writer, RowKey key, ReadOnlySpan<StorageValue> row, long timestampMicros, MergeCounters counters);

    void Update(TableWriter writer, RowKey oldKey, RowKey newKey, ReadOnlySpan<StorageValue> row, long timestampMicros, MergeCounters counters);

    void Delete(TableWriter writer, RowKey key, long timestampMicros, MergeCounters counters);
}
