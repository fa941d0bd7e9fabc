using Yoda.Cdc.Log;
using Yoda.Cdc.Merge;

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
        using var stager = new ChangeStager(replicas, strategy, events.Length);
        stager.Stage(events, ct);
        return stager.Finish(ct);
    }
}
