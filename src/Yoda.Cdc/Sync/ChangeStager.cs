using Yoda.Cdc.Log;
using Yoda.Cdc.Merge;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Sync;

/// <summary>
/// Stages a cycle's CDC events, in sequence order, into writers of their tables, one block of
/// events at a time, then builds the snapshots (<see cref="Finish"/>). Disposing without
/// finishing discards everything staged.
/// </summary>
public sealed class ChangeStager : IDisposable
{
    private readonly IReadOnlyDictionary<string, TableReplica> _replicas;
    private readonly IMergeStrategy _strategy;
    private readonly int _expectedEvents;
    private readonly Dictionary<string, (TableReplica Replica, TableWriter Writer)> _writers = new(StringComparer.OrdinalIgnoreCase);
    private readonly MergeCounters _counters = new();
    private bool _handedOver;

    /// <param name="expectedEvents">Events the cycle is expected to hold: writers size their staged key changes from it.</param>
    public ChangeStager(IReadOnlyDictionary<string, TableReplica> replicas, IMergeStrategy strategy, int expectedEvents)
    {
        _replicas = replicas;
        _strategy = strategy;
        _expectedEvents = expectedEvents;
    }

    /// <summary>
    /// Stages the next block of events. Events of unregistered tables, and events an initial sync
    /// already covered, are passed over. After a failure the stager must be disposed.
    /// </summary>
    public void Stage(ReadOnlySpan<CdcEvent> events, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_handedOver, this);
        string? lastTable = null;
        (TableReplica Replica, TableWriter Writer)? last = null;
        Dictionary<string, int>? blockCounts = null;
        for (var i = 0; i < events.Length; i++)
        {
            if ((i & 0x3FF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            ref readonly var change = ref events[i];
            // Events of one table come in runs, with their name as one string: skip the lookups.
            if (!ReferenceEquals(change.Table, lastTable))
            {
                lastTable = change.Table;
                last = Writer(change.Table, events, ref blockCounts);
            }

            if (last is not { } entry || change.Sequence <= entry.Replica.LoadedThroughSequence)
            {
                continue;
            }

            Apply(in change, entry.Replica, entry.Writer);
        }
    }

    /// <summary>Builds the snapshots of everything staged; the result owns the writers. On failure nothing is kept.</summary>
    public PreparedChanges Finish(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_handedOver, this);
        ct.ThrowIfCancellationRequested();
        var prepared = new PreparedChanges(_writers.Values.ToList(), _counters);
        _handedOver = true;
        return prepared;
    }

    public void Dispose()
    {
        if (!_handedOver)
        {
            _handedOver = true;
            foreach (var (_, writer) in _writers.Values)
            {
                writer.Dispose();
            }
        }
    }

    private (TableReplica, TableWriter)? Writer(string table, ReadOnlySpan<CdcEvent> block, ref Dictionary<string, int>? blockCounts)
    {
        if (!_replicas.TryGetValue(table, out var replica))
        {
            return null;
        }

        if (!_writers.TryGetValue(replica.Name, out var entry))
        {
            blockCounts ??= CountByTable(block);
            // The table's share of this block, scaled to the cycle: one block is the whole cycle when small.
            var expected = (long)blockCounts.GetValueOrDefault(table) * Math.Max(_expectedEvents, block.Length) / Math.Max(1, block.Length);
            entry = (replica, replica.Olap.BeginWrite((int)Math.Min(expected, _expectedEvents)));
            _writers.Add(replica.Name, entry);
        }

        return entry;
    }

    /// <summary>Events per table name in a block.</summary>
    private static Dictionary<string, int> CountByTable(ReadOnlySpan<CdcEvent> events)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var start = 0; start < events.Length;)
        {
            var table = events[start].Table;
            var end = start + 1;
            while (end < events.Length && ReferenceEquals(events[end].Table, table))
            {
                end++;
            }

            counts[table] = counts.GetValueOrDefault(table) + (end - start);
            start = end;
        }

        return counts;
    }

    private void Apply(in CdcEvent change, TableReplica replica, TableWriter writer)
    {
        var mapper = replica.Mapper;
        var row = mapper.Row(in change);
        try
        {
            switch (change.Kind)
            {
                case ChangeKind.Insert:
                    _strategy.Insert(writer, mapper.NewKey(in change, row), row, change.TimestampMicros, _counters);
                    break;
                case ChangeKind.Update:
                    _strategy.Update(writer, mapper.OldKey(in change), mapper.NewKey(in change, row), row, change.TimestampMicros, _counters);
                    break;
                case ChangeKind.Delete:
                    _strategy.Delete(writer, mapper.OldKey(in change), change.TimestampMicros, _counters);
                    break;
            }
        }
        catch (YodaException e)
        {
            throw new YodaException($"applying CDC event {change.Sequence} ({change.Kind} on {change.Table}) failed: {e.Message}", e);
        }
    }
}
