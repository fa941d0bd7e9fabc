using Yoda.Columnar.Storage;

namespace Yoda;

/// <summary>
/// Compaction of the columnar OLAP tables: sealed segments rewritten with only their live rows
/// (see <see cref="TableCompaction"/>), after sync cycles (<see cref="HtapConfig.CompactionThreshold"/>)
/// or on request. It runs under the sync gate, so it never races a cycle; queries keep the
/// snapshots they started with.
/// </summary>
public sealed partial class HtapEngine
{
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
    /// After a cycle (the caller holds the sync gate): a compaction of at most
    /// <see cref="HtapConfig.CompactionSegmentsPerCycle"/> segments, when it is on. Whether it compacted any.
    /// </summary>
    private bool CompactAfterCycle() =>
        _config.CompactionThreshold > 0 && _duck is null
        && Compact(_config.CompactionThreshold, _config.CompactionSegmentsPerCycle, CancellationToken.None).SegmentsCompacted > 0;

    /// <summary>Prepares every table's compaction first and publishes them together with the catalog: all or nothing.</summary>
    private CompactionResult Compact(double minDeletedFraction, int maxSegments, CancellationToken ct)
    {
        var compactions = new List<TableCompaction>();
        try
        {
            var snapshots = new List<TableSnapshot>();
            var budget = maxSegments;
            foreach (var replica in _replicas.Values.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (budget == 0 || TableCompaction.Candidates(replica.Olap.Current, minDeletedFraction, budget).Count == 0)
                {
                    continue;
                }

                var compaction = replica.Olap.BeginCompaction();
                compactions.Add(compaction);
                snapshots.Add(compaction.Prepare(minDeletedFraction, budget, ct));
                budget -= compaction.SegmentsCompacted;
            }

            foreach (var compaction in compactions)
            {
                compaction.Publish();
            }

            PublishCatalog(snapshots);
            return new CompactionResult(compactions.Sum(c => c.SegmentsCompacted), compactions.Sum(c => c.RowsRemoved));
        }
        finally
        {
            foreach (var compaction in compactions)
            {
                compaction.Dispose();
            }
        }
    }
}
