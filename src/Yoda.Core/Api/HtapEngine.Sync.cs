using Yoda.Cdc;
using Yoda.Cdc.Loading;
using Yoda.Cdc.Log;
using Yoda.Cdc.Sql;
using Yoda.Cdc.Sync;

namespace Yoda;

public sealed partial class HtapEngine
{
    private CancellationTokenSource? _loopStop;
    private Task? _loopTask;
    private volatile Exception? _lastLoopError;

    /// <summary>
    /// Runs one sync cycle: reads up to <see cref="HtapConfig.SyncBatchSize"/> events after the
    /// watermark, merges them into OLAP (all of the cycle becomes visible at once), advances the
    /// watermark and, with <see cref="HtapConfig.PruneAfterSync"/>, prunes the applied events.
    /// </summary>
    public async Task<SyncResult> SyncNowAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        await _syncGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            return await SyncCycleAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>Events not yet applied to OLAP, and the sequence number of the last applied one.</summary>
    public async Task<SyncStatus> SyncStatusAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        var watermark = _watermark;
        var lag = await _oltp.ReadAsync(c => CdcLogReader.CountAfter(c, watermark ?? 0), ct).ConfigureAwait(false);
        return new SyncStatus(lag, watermark) { LastError = _lastLoopError?.Message };
    }

    /// <summary>
    /// Loads the rows a registered table already holds (for a table registered after it was
    /// filled). The table is read at one snapshot together with the log position of that snapshot;
    /// events of the table up to that position are then passed over by later cycles, so no row is
    /// lost or applied twice while writes go on. Returns the number of rows read.
    /// </summary>
    public async Task<long> InitialSyncAsync(string tableName, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(tableName);
        await _syncGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            var replica = FindReplica(tableName);
            var now = UnixMicrosNow();
            var (changes, position, rows) = await _oltp.ReadAsync(connection => connection.InReadTransaction(() =>
            {
                var logPosition = CdcLogReader.MaxSequence(connection);
                var prepared = TableLoader.Prepare(connection, replica, _strategy, now, ct, out var rowsRead);
                return (prepared, logPosition, rowsRead);
            }), ct).ConfigureAwait(false);

            using (changes)
            {
                changes.Publish();
            }

            replica.LoadedThroughSequence = Math.Max(replica.LoadedThroughSequence, position);
            PublishCatalog(changes.Snapshots);
            return rows;
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>One cycle; the caller holds the sync gate.</summary>
    private async Task<SyncResult> SyncCycleAsync(CancellationToken ct)
    {
        var from = _watermark ?? 0;
        var events = await _oltp.ReadAsync(c => CdcLogReader.ReadAfter(c, from, _config.SyncBatchSize), ct).ConfigureAwait(false);
        if (events.Count == 0)
        {
            return new SyncResult(0, 0, 0, 0, _config.PruneAfterSync ? 0 : null);
        }

        var last = events[^1].Sequence;
        var counters = await Task.Run(() =>
        {
            using var changes = ChangeApplier.Prepare(events, _replicas, _strategy, ct);
            ct.ThrowIfCancellationRequested();
            // From here on nothing can fail: the tables, the catalog and the watermark move together.
            changes.Publish();
            PublishCatalog(changes.Snapshots);
            _watermark = last;
            return changes.Counters;
        }, ct).ConfigureAwait(false);

        long pruned;
        try
        {
            pruned = await _oltp.WriteAsync(connection => connection.InWriteTransaction(() =>
            {
                MetadataStore.SaveWatermark(connection, last);
                return _config.PruneAfterSync ? CdcLogReader.PruneThrough(connection, last) : 0L;
            }), CancellationToken.None).ConfigureAwait(false);
        }
        catch (YodaException e)
        {
            throw new YodaException(
                $"events up to {last} were applied to OLAP, but the watermark could not be saved in SQLite (the next cycle saves it): {e.Message}", e);
        }

        return new SyncResult(events.Count, counters.Inserted, counters.Updated, counters.Deleted,
            _config.PruneAfterSync ? pruned : null);
    }

    private void PublishCatalog(IEnumerable<Columnar.Storage.TableSnapshot> snapshots)
    {
        var catalog = _catalog;
        foreach (var snapshot in snapshots)
        {
            catalog = catalog.SetTable(snapshot);
        }

        _catalog = catalog;
    }

    private TableReplica FindReplica(string tableName) =>
        _replicas.TryGetValue(tableName, out var replica)
            ? replica
            : throw new YodaException($"table {tableName} is not registered");

    private void StartBackgroundSync()
    {
        if (_config.SyncInterval is not { } interval)
        {
            return;
        }

        _loopStop = new CancellationTokenSource();
        var stop = _loopStop.Token;
        _loopTask = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, stop).ConfigureAwait(false);
                    SyncResult result;
                    do
                    {
                        result = await SyncNowAsync(stop).ConfigureAwait(false);
                    }
                    while (result.EventsProcessed == _config.SyncBatchSize && !stop.IsCancellationRequested);

                    _lastLoopError = null;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (Exception e)
                {
                    // The loop never dies: it keeps the error and tries again next period.
                    _lastLoopError = e;
                }
            }
        }, CancellationToken.None);
    }

    private void StopBackgroundSync()
    {
        if (_loopStop is null)
        {
            return;
        }

        _loopStop.Cancel();
        try
        {
            _loopTask?.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // The loop handles its own errors; a fault here means it was already stopping.
        }

        _loopStop.Dispose();
    }
}
