using Yoda.Cdc.Sync;
using Yoda.Columnar.Storage;

namespace Yoda;

/// <summary>
/// Compaction of the columnar OLAP tables: sealed segments rewritten with only their live rows
/// (see <see cref="TableCompaction"/>), after sync cycles (<see cref="HtapConfig.CompactionThreshold"/>),
/// in the background by default (<see cref="HtapConfig.CompactionInBackground"/>), or on request.
/// Whatever changes a table or the catalog runs under the sync gate, so it never races a cycle;
/// only the copying of live rows runs outside it, from immutable snapshots. Queries keep the
/// snapshots they started with.
/// </summary>
public sealed partial class HtapEngine
{
    private readonly CancellationTokenSource _compactionStop = new();

    /// <summary>The background compaction started after a cycle, if any (read and set under the sync gate).</summary>
    private Task? _compactionTask;

    private long _backgroundCompactions;
    private long _staleBackgroundCompactions;

    /// <summary>Background compaction rounds published whole, and those that found copies stale (diagnostics for tests).</summary>
    internal (long Published, long Stale) BackgroundCompactionRounds =>
        (Interlocked.Read(ref _backgroundCompactions), Interlocked.Read(ref _staleBackgroundCompactions));

    /// <summary>Background rounds in a row whose copies a cycle made stale before the next round copies under the sync gate.</summary>
    private const int MaxStaleRounds = 2;

    /// <summary>Set when a background compaction's copies went stale: the next cycle compacts itself.</summary>
    private bool _compactNextInCycle;

    /// <summary>
    /// Compacts every sealed segment of every OLAP table that holds a deleted row, whatever
    /// <see cref="HtapConfig.CompactionThreshold"/>, and persists the result in the file storage
    /// modes. Cancelled or failed, it changes nothing.
    /// </summary>
    public async Task<CompactionResult> CompactAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        if (_duck is not null)
        {
            throw new YodaException("CompactAsync compacts the columnar backend's segments; with OlapBackend.DuckDb it is not supported yet");
        }

        await _syncGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            var result = Compact(minDeletedFraction: 0, int.MaxValue, ct);
            if (result.SegmentsCompacted > 0)
            {
                PersistOlap();
            }

            return result;
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>
    /// After a cycle (the caller holds the sync gate), when compaction is on: with
    /// <see cref="HtapConfig.CompactionInBackground"/>, starts a background compaction if none is
    /// running and a segment qualifies (returns false: nothing changed yet); otherwise, or when
    /// the last background compaction found its segments changed by the cycles meanwhile,
    /// compacts at most <see cref="HtapConfig.CompactionSegmentsPerCycle"/> segments here and says
    /// whether it compacted any.
    /// </summary>
    private bool CompactAfterCycle()
    {
        if (_config.CompactionThreshold == 0 || _duck is not null)
        {
            return false;
        }

        if (!_config.CompactionInBackground || _compactNextInCycle)
        {
            _compactNextInCycle = false;
            return Compact(_config.CompactionThreshold, _config.CompactionSegmentsPerCycle, CancellationToken.None).SegmentsCompacted > 0;
        }

        if (_compactionTask is { IsCompleted: false } || Disposed || !HasCompactionCandidates())
        {
            return false;
        }

        var stop = _compactionStop.Token;
        _compactionTask = Task.Run(() => CompactInBackgroundAsync(stop), CancellationToken.None);
        return false;
    }

    /// <summary>
    /// Waits for the background compaction running now, if any, and says whether compaction may
    /// still have work: a round was running, or a segment qualifies, or the next cycle compacts
    /// itself. Tests wait on this instead of polling against a clock. False when compaction is
    /// off (a threshold of 0, or the DuckDB backend): no cycle would ever compact what qualifies.
    /// </summary>
    internal async Task<bool> WaitForBackgroundCompactionAsync(CancellationToken ct)
    {
        if (_config.CompactionThreshold == 0 || _duck is not null)
        {
            return false;
        }

        Task? running;
        bool pending;
        await _syncGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            running = _compactionTask is { IsCompleted: false } task ? task : null;
            pending = _compactNextInCycle || HasCompactionCandidates();
        }
        finally
        {
            _syncGate.Release();
        }

        if (running is null)
        {
            return pending;
        }

        await running.WaitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private bool HasCompactionCandidates() => _replicas.Values.Any(r =>
        TableCompaction.Candidates(r.Olap.Current, _config.CompactionThreshold, 1).Count > 0);

    /// <summary>
    /// Rounds of at most <see cref="HtapConfig.CompactionSegmentsPerCycle"/> segments until none
    /// qualifies. Each round copies the live rows from the tables' snapshots without the sync gate
    /// (cycles and queries go on), then takes the gate to publish: copies whose segments a cycle
    /// changed meanwhile are dropped, the round is tried again from the new snapshots, and after
    /// <see cref="MaxStaleRounds"/> such rounds in a row the next round copies under the gate too (a
    /// cycle waits for it), so a table under steady changes is still compacted whether or not
    /// cycles follow. A failure changes nothing and is reported by <see cref="SyncStatusAsync"/>.
    /// </summary>
    private async Task CompactInBackgroundAsync(CancellationToken stop)
    {
        try
        {
            var staleRounds = 0;
            while (!stop.IsCancellationRequested)
            {
                // After MaxStaleRounds stale rounds the copying waits for the gate too, so that it
                // cannot go stale: a table under steady changes is still compacted, cycles or not.
                var copies = staleRounds < MaxStaleRounds ? CopyCompactionCandidates(_config.CompactionThreshold, _config.CompactionSegmentsPerCycle, stop) : null;
                if (copies is { Count: 0 })
                {
                    return;
                }

                await _syncGate.WaitAsync(stop).ConfigureAwait(false);
                try
                {
                    if (Disposed)
                    {
                        return;
                    }

                    copies ??= CopyCompactionCandidates(_config.CompactionThreshold, _config.CompactionSegmentsPerCycle, stop);
                    if (copies.Count == 0)
                    {
                        return;
                    }

                    var published = PublishCopies(copies, stop);
                    if (published > 0)
                    {
                        PersistOlap();
                    }

                    if (published == copies.Count)
                    {
                        staleRounds = 0;
                        Interlocked.Increment(ref _backgroundCompactions);
                    }
                    else
                    {
                        staleRounds++;
                        Interlocked.Increment(ref _staleBackgroundCompactions);
                    }
                }
                finally
                {
                    _syncGate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The engine is shutting down.
        }
        catch (Exception e)
        {
            _lastLoopError = e;
        }
    }

    /// <summary>Copies of the segments whose deleted share reaches <paramref name="minDeletedFraction"/>, table by table within <paramref name="budget"/> segments, from the snapshots now published.</summary>
    private List<(TableReplica Replica, CompactedSegments Copies)> CopyCompactionCandidates(double minDeletedFraction, int budget, CancellationToken ct)
    {
        var copies = new List<(TableReplica, CompactedSegments)>();
        foreach (var replica in _replicas.Values.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (budget == 0)
            {
                break;
            }

            var copy = CompactedSegments.Copy(replica.Olap.Current, minDeletedFraction, budget, ct);
            if (copy.Slots.Count > 0)
            {
                copies.Add((replica, copy));
                budget -= copy.Slots.Count;
            }
        }

        return copies;
    }

    /// <summary>
    /// Publishes the copies that still apply (the caller holds the sync gate), all tables with the
    /// catalog at once, and returns how many tables it compacted. Copies that are stale or whose
    /// table is gone are dropped; then the next cycle compacts itself, unless a later background
    /// round publishes whole first.
    /// </summary>
    private int PublishCopies(List<(TableReplica Replica, CompactedSegments Copies)> copies, CancellationToken ct)
    {
        var compactions = new List<TableCompaction>();
        var prepared = new List<TableCompaction>();
        try
        {
            var snapshots = new List<TableSnapshot>();
            foreach (var (replica, copy) in copies)
            {
                if (!_replicas.TryGetValue(replica.Name, out var current) || !ReferenceEquals(current.Olap, replica.Olap))
                {
                    continue;
                }

                var compaction = replica.Olap.BeginCompaction();
                compactions.Add(compaction);
                if (compaction.Prepare(copy, ct) is { } snapshot)
                {
                    snapshots.Add(snapshot);
                    prepared.Add(compaction);
                }
            }

            foreach (var compaction in prepared)
            {
                compaction.Publish();
            }

            PublishCatalog(snapshots);
        }
        finally
        {
            foreach (var compaction in compactions)
            {
                compaction.Dispose();
            }
        }

        _compactNextInCycle = prepared.Count < copies.Count;
        return prepared.Count;
    }

    /// <summary>Stops a background compaction and waits for it (shutdown; the caller does not hold the sync gate).</summary>
    private void StopBackgroundCompaction()
    {
        _compactionStop.Cancel();
        try
        {
            _compactionTask?.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // It handles its own errors; a fault here means it was already stopping.
        }
    }

    /// <summary>
    /// Compacts now (the caller holds the sync gate, so no cycle can make the copies stale): every
    /// table's copies are made first, then published together with the catalog, all or nothing.
    /// </summary>
    private CompactionResult Compact(double minDeletedFraction, int maxSegments, CancellationToken ct)
    {
        var copies = CopyCompactionCandidates(minDeletedFraction, maxSegments, ct);
        PublishCopies(copies, ct);
        return new CompactionResult(copies.Sum(c => c.Copies.Slots.Count), copies.Sum(c => c.Copies.RowsRemoved));
    }
}
