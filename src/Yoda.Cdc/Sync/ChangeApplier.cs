using Yoda.Cdc.Log;
using Yoda.Cdc.Merge;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Sync;

/// <summary>Applies a batch of CDC events, in sequence order, to staged writers of their tables.</summary>
public static class ChangeApplier
{
    /// <summary>
    /// Stages every event and builds the resulting snapshots. Events of unregistered tables, and
    /// events an initial sync already covered, are passed over. On any failure nothing is staged.
    /// </summary>
    public static PreparedChanges Prepare(
        ReadOnlySpan<CdcEvent> events,
        IReadOnlyDictionary<string, TableReplica> replicas,
        IMergeStrategy strategy,
        CancellationToken ct)
    {
        var writers = new Dictionary<string, (TableReplica Replica, TableWriter Writer)>(StringComparer.OrdinalIgnoreCase);
        var eventCounts = CountByTable(events);
        var counters = new MergeCounters();
        string? lastTable = null;
        (TableReplica Replica, TableWriter Writer)? last = null;
        try
        {
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
                    last = Writer(change.Table, replicas, writers, eventCounts);
                }

                if (last is not { } entry || change.Sequence <= entry.Replica.LoadedThroughSequence)
                {
                    continue;
                }

                Apply(in change, entry.Replica, entry.Writer, strategy, counters);
            }

            ct.ThrowIfCancellationRequested();

            return new PreparedChanges(writers.Values.ToList(), counters);
        }
        catch
        {
            foreach (var (_, writer) in writers.Values)
            {
                writer.Dispose();
            }

            throw;
        }
    }

    /// <summary>Events per table name: each table's writer sizes its staged key changes for them up front.</summary>
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

    private static (TableReplica, TableWriter)? Writer(
        string table,
        IReadOnlyDictionary<string, TableReplica> replicas,
        Dictionary<string, (TableReplica Replica, TableWriter Writer)> writers,
        Dictionary<string, int> eventCounts)
    {
        if (!replicas.TryGetValue(table, out var replica))
        {
            return null;
        }

        if (!writers.TryGetValue(replica.Name, out var entry))
        {
            entry = (replica, replica.Olap.BeginWrite(eventCounts.GetValueOrDefault(table)));
            writers.Add(replica.Name, entry);
        }

        return entry;
    }

    private static void Apply(in CdcEvent change, TableReplica replica, TableWriter writer, IMergeStrategy strategy, MergeCounters counters)
    {
        var mapper = replica.Mapper;
        var row = mapper.Row(in change);
        try
        {
            switch (change.Kind)
            {
                case ChangeKind.Insert:
                    strategy.Insert(writer, mapper.NewKey(in change, row), row, change.TimestampMicros, counters);
                    break;
                case ChangeKind.Update:
                    strategy.Update(writer, mapper.OldKey(in change), mapper.NewKey(in change, row), row, change.TimestampMicros, counters);
                    break;
                case ChangeKind.Delete:
                    strategy.Delete(writer, mapper.OldKey(in change), change.TimestampMicros, counters);
                    break;
            }
        }
        catch (YodaException e)
        {
            throw new YodaException($"applying CDC event {change.Sequence} ({change.Kind} on {change.Table}) failed: {e.Message}", e);
        }
    }
}
