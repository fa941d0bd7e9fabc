using System.Diagnostics;
using Yoda.Cdc;
using Yoda.Cdc.Loading;
using Yoda.Cdc.Log;
using Yoda.Cdc.Sql;
using Yoda.Cdc.Sync;
using Yoda.Oltp;

namespace Yoda;

public sealed partial class HtapEngine : ICommitObserver
{
    /// <summary>The shortest time between the starts of two background cycles woken by writes.</summary>
    private static readonly TimeSpan MinimumCycleGap = TimeSpan.FromMilliseconds(10);

    private readonly SemaphoreSlim _writeSignal = new(0, 1);
    private CancellationTokenSource? _loopStop;
    private Task? _loopTask;
    private volatile Exception? _lastLoopError;
    private long _lastCommitSequence;

    /// <summary>The log's last issued sequence number, kept prepared on the write connection: it is read with every commit.</summary>
    private Microsoft.Data.Sqlite.SqliteCommand? _issuedThrough;
    private long _lastSuccessTicks;

    /// <summary>Reads each cycle's events while staging them, into the memory of the cycle before (cycles run one at a time, under the sync gate).</summary>
    private readonly OverlappedCycleRead _cycleRead = new();
    private long _backgroundCycles;

    /// <summary>
    /// Runs one sync cycle: reads up to <see cref="HtapConfig.SyncBatchSize"/> events after the
    /// watermark, merges them into OLAP (all of the cycle becomes visible at once), advances the
    /// watermark and, with <see cref="HtapConfig.PruneAfterSync"/>, prunes the applied events.
    /// </summary>
    public async Task<SyncResult> SyncNowAsync(CancellationToken ct = default) =>
        (await SyncGatedAsync(ct).ConfigureAwait(false)).Result;

    /// <summary>One cycle under the sync gate; <c>Full</c> when it read a whole batch, so more events may wait.</summary>
    private async Task<(SyncResult Result, bool Full)> SyncGatedAsync(CancellationToken ct)
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

    /// <summary>The cycles the background loop has started (a diagnostic for tests).</summary>
    internal long BackgroundCycles => Interlocked.Read(ref _backgroundCycles);

    /// <summary>The OLAP tables with their sizes, from the snapshot queries see now.</summary>
    public IReadOnlyList<OlapTableInfo> OlapTables()
    {
        ThrowIfDisposed();
        var catalog = _catalog;
        return catalog.TableNames.Order(StringComparer.OrdinalIgnoreCase)
            .Select(name => catalog.TryGetTable(name, out var t)
                ? new OlapTableInfo(t.Name, t.LiveRowCount, t.StoredRowCount, t.Segments.Length, t.ByteSize)
                : null)
            .OfType<OlapTableInfo>()
            .ToList();
    }

    /// <summary>Events not yet applied to OLAP, and the sequence number of the last applied one.</summary>
    public async Task<SyncStatus> SyncStatusAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        var watermark = _watermark;
        var (lag, oldest) = await _oltp.ReadAsync(
            c => c.InReadTransaction(() => (CdcLogReader.CountAfter(c, watermark ?? 0), CdcLogReader.FirstTimestampAfter(c, watermark ?? 0))),
            ct).ConfigureAwait(false);
        var lastSuccess = Interlocked.Read(ref _lastSuccessTicks);
        return new SyncStatus(lag, watermark)
        {
            LastError = _lastLoopError?.Message,
            LastSuccessAt = lastSuccess == 0 ? null : new DateTimeOffset(lastSuccess, TimeSpan.Zero),
            OldestUnappliedAge = oldest is { } micros
                ? TimeSpan.FromMicroseconds(Math.Max(0, (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000) - micros))
                : null,
        };
    }

    /// <summary>
    /// Loads the rows a registered table already holds (for a table registered after it was
    /// filled). The table is read at one snapshot together with the log position of that snapshot;
    /// events of the table up to that position are then passed over by later cycles, so no row is
    /// lost or applied twice while writes go on. Returns the number of rows read.
    /// </summary>
    public Task<long> InitialSyncAsync(string tableName, CancellationToken ct = default) =>
        InitialSyncAsync(tableName, progress: null, ct);

    /// <inheritdoc cref="InitialSyncAsync(string, CancellationToken)"/>
    /// <param name="progress">Receives the number of rows read so far, every 65,536 rows and at the end.</param>
    public async Task<long> InitialSyncAsync(string tableName, IProgress<long>? progress, CancellationToken ct = default)
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
                var prepared = TableLoader.Prepare(connection, replica, _strategy, now, ct, out var rowsRead, progress);
                return (prepared, logPosition, rowsRead);
            }), ct).ConfigureAwait(false);

            using (changes)
            {
                _duck?.Commit(_watermark, changes.Tables.Select(t => (t, Math.Max(replica.LoadedThroughSequence, position))));
                changes.Publish();
            }

            replica.LoadedThroughSequence = Math.Max(replica.LoadedThroughSequence, position);
            PublishCatalog(changes.Snapshots);
            PersistOlap();
            return rows;
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>One cycle; the caller holds the sync gate.</summary>
    private async Task<(SyncResult Result, bool Full)> SyncCycleAsync(CancellationToken ct)
    {
        var (prepared, extent) = await _cycleRead.RunAsync(
            (read, token) => _oltp.ReadAsync(read, token),
            _watermark ?? 0,
            _config.SyncBatchSize,
            _commitBoundaries.LastWithin,
            _replicas,
            _strategy,
            ct).ConfigureAwait(false);
        if (extent.Count == 0)
        {
            prepared?.Dispose();
            if (CompactAfterCycle())
            {
                PersistOlap(); // work an earlier cycle's compaction budget left
            }

            MarkSuccess();
            return (new SyncResult(0, 0, 0, 0, _config.PruneAfterSync ? 0 : null), false);
        }

        var last = extent.Last;
        Cdc.Merge.MergeCounters counters;
        using (var changes = prepared!)
        {
            ct.ThrowIfCancellationRequested();
            // The DuckDB copy and its watermark commit first: if that fails, nothing changed anywhere.
            _duck?.Commit(last, changes.Tables.Select(t => (t, t.Replica.LoadedThroughSequence)));
            // From here on nothing can fail: the tables, the catalog and the watermark move together.
            changes.Publish();
            PublishCatalog(changes.Snapshots);
            _watermark = last;
            counters = changes.Counters;
        }

        CompactAfterCycle();
        PersistOlap();

        long pruned;
        try
        {
            pruned = await _oltp.WriteAsync(connection => connection.InWriteTransaction(() =>
            {
                MetadataStore.SaveWatermark(connection, last);
                return _config.PruneAfterSync ? CdcLogReader.PruneThrough(connection, PrunableThrough(last)) : 0L;
            }), CancellationToken.None).ConfigureAwait(false);
        }
        catch (YodaException e)
        {
            throw new YodaException(
                $"events up to {last} were applied to OLAP, but the watermark could not be saved in SQLite (the next cycle saves it): {e.Message}", e);
        }

        _commitBoundaries.ForgetThrough(last);
        MarkSuccess();
        return (new SyncResult(extent.Count, counters.Inserted, counters.Updated, counters.Deleted,
            _config.PruneAfterSync ? pruned : null), extent.Full);
    }

    private void MarkSuccess() => Interlocked.Exchange(ref _lastSuccessTicks, DateTime.UtcNow.Ticks);

    long ICommitObserver.LogPosition(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        _issuedThrough ??= connection.Create(CdcLogReader.MaxSequenceSql);
        return (long)_issuedThrough.ExecuteScalar()!;
    }

    /// <summary>After each commit of this engine: remember where its transaction ended and wake the sync loop.</summary>
    void ICommitObserver.Committed(long position)
    {
        if (position <= _lastCommitSequence)
        {
            return;
        }

        _lastCommitSequence = position;
        _commitBoundaries.Add(position);
        if (_writeSignal.CurrentCount == 0)
        {
            try
            {
                _writeSignal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke the loop first.
            }
        }
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
        _loopTask = Task.Run(() => SyncLoopAsync(interval, stop), CancellationToken.None);
    }

    /// <summary>
    /// Syncs every period, or sooner when this engine commits writes, but starts cycles at most
    /// every <see cref="MinimumCycleGap"/> (or the period, if shorter): a steady stream of writes
    /// is applied in batches instead of a cycle per write, which would take the writers' CPU.
    /// Drains a backlog cycle after cycle while cycles read whole batches; on failure keeps the
    /// error for <see cref="SyncStatusAsync"/> and retries with exponential back-off (up to 30 s).
    /// It ends only when the engine shuts down.
    /// </summary>
    private async Task SyncLoopAsync(TimeSpan interval, CancellationToken stop)
    {
        var gap = interval < MinimumCycleGap ? interval : MinimumCycleGap;
        var lastStart = 0L;
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (failures == 0)
                {
                    await _writeSignal.WaitAsync(interval, stop).ConfigureAwait(false);
                    var sinceLast = Stopwatch.GetElapsedTime(lastStart);
                    if (sinceLast < gap)
                    {
                        await Task.Delay(gap - sinceLast, stop).ConfigureAwait(false);
                    }
                }
                else
                {
                    var backOff = Math.Min(interval.Ticks << Math.Min(failures, 20), TimeSpan.FromSeconds(30).Ticks);
                    await Task.Delay(TimeSpan.FromTicks(backOff), stop).ConfigureAwait(false);
                }

                lastStart = Stopwatch.GetTimestamp();
                bool full;
                do
                {
                    Interlocked.Increment(ref _backgroundCycles);
                    (_, full) = await SyncGatedAsync(stop).ConfigureAwait(false);
                }
                while (full && !stop.IsCancellationRequested);

                failures = 0;
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
                failures++;
                _lastLoopError = e;
            }
        }
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
