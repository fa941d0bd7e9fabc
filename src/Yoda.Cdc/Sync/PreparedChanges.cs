using Yoda.Cdc.Merge;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Sync;

/// <summary>
/// Changes to several OLAP tables, built but not yet visible. <see cref="Publish"/> makes all of
/// them the tables' current state and cannot fail; disposing without publishing discards them.
/// </summary>
public sealed class PreparedChanges : IDisposable
{
    private readonly List<(TableReplica Replica, TableWriter Writer)> _writers;

    internal PreparedChanges(List<(TableReplica, TableWriter)> writers, MergeCounters counters)
    {
        _writers = writers;
        Counters = counters;
        Tables = writers.Select(w => new PreparedTable(w.Item1, w.Item1.Olap.Current, w.Item2.Prepare(), w.Item2.StagedKeys)).ToList();
        Snapshots = Tables.Select(t => t.After).ToList();
    }

    public MergeCounters Counters { get; }

    /// <summary>The new snapshot of every changed table, to publish in the query catalog.</summary>
    public IReadOnlyList<TableSnapshot> Snapshots { get; }

    /// <summary>Every changed table with its published and its prepared snapshot, for a copy of the tables elsewhere (DuckDB).</summary>
    public IReadOnlyList<PreparedTable> Tables { get; }

    public void Publish()
    {
        foreach (var (_, writer) in _writers)
        {
            writer.Publish();
        }
    }

    public void Dispose()
    {
        foreach (var (_, writer) in _writers)
        {
            writer.Dispose();
        }
    }
}
