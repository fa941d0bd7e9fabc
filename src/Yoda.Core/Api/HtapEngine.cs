using System.Collections.Immutable;
using Yoda.Cdc;
using Yoda.Cdc.Capture;
using Yoda.Cdc.Loading;
using Yoda.Cdc.Log;
using Yoda.Cdc.Merge;
using Yoda.Cdc.Sql;
using Yoda.Cdc.Sync;
using Yoda.Columnar.Persistence;
using Yoda.Columnar.Storage;
using Yoda.Olap;
using Yoda.Oltp;
using Yoda.Sync;

namespace Yoda;

/// <summary>
/// The embedded HTAP engine: SQLite takes the writes, triggers capture them into a CDC log, and
/// sync cycles merge the log into the columnar OLAP tables that analytical queries read.
/// </summary>
/// <remarks>
/// This type is split by responsibility: lifecycle here, writes, queries, sync and table
/// registration in the other <c>HtapEngine.*.cs</c> files.
/// </remarks>
public sealed partial class HtapEngine : IAsyncDisposable, IDisposable
{
    private readonly HtapConfig _config;
    private readonly OltpEngine _oltp;
    private readonly IMergeStrategy _strategy;
    private readonly SchemaGuard _guard;
    private readonly CommitBoundaries _commitBoundaries = new();

    /// <summary>Null with <see cref="OlapBackend.Columnar"/>.</summary>
    private readonly DuckDbBackend? _duck;

    /// <summary>Serialises everything that changes OLAP tables or registrations: sync cycles, loads, schema changes.</summary>
    private readonly SemaphoreSlim _syncGate = new(1, 1);

    private ImmutableDictionary<string, TableReplica> _replicas =
        ImmutableDictionary.Create<string, TableReplica>(StringComparer.OrdinalIgnoreCase);

    /// <summary>What queries see; replaced as a whole when a sync cycle or load publishes.</summary>
    private volatile CatalogSnapshot _catalog = CatalogSnapshot.Empty;

    /// <summary>Sequence number of the last CDC event applied to OLAP; -1 before any.</summary>
    private long _watermarkValue = -1;

    private int _disposed;

    /// <summary>Opens (or creates) the engine synchronously. Prefer <see cref="OpenAsync(HtapConfig?, CancellationToken)"/>.</summary>
    public HtapEngine(HtapConfig? config = null)
    {
        _config = config ?? new HtapConfig();
        _config.Validate();
        _strategy = _config.SyncMode == SyncMode.Temporal ? new TemporalMerge() : new DestructiveMerge();
        _guard = new SchemaGuard(name => _replicas.ContainsKey(name));
        _oltp = new OltpEngine(_config.OltpPath, _config.ReadPoolSize, _guard, this);
        try
        {
            if (_config.OlapBackend == OlapBackend.DuckDb)
            {
                _duck = DuckDbBackend.Open(_config);
            }

            if (_config.StorageMode != StorageMode.InMemory)
            {
                _storage = StorageDirectory.Open(
                    _config.StoragePath!,
                    _config.StorageMode == StorageMode.Parquet ? SegmentFileFormat.Parquet : SegmentFileFormat.ArrowIpc);
            }

            OpenReplicationAsync(CancellationToken.None).GetAwaiter().GetResult();
            LoadViewsAsync(CancellationToken.None).GetAwaiter().GetResult();
            StartBackgroundSync();
        }
        catch
        {
            _duck?.Dispose();
            _oltp.Dispose();
            throw;
        }
    }

    /// <summary>The OLAP tables as queries see them now (for tests and diagnostics).</summary>
    internal Columnar.Storage.CatalogSnapshot OlapCatalog => _catalog;

    /// <summary>The DuckDB backend, with <see cref="OlapBackend.DuckDb"/> (for tests).</summary>
    internal DuckDbBackend? DuckDb => _duck;

    /// <summary>The configuration the engine was opened with.</summary>
    public HtapConfig Config => _config;

    public static Task<HtapEngine> OpenAsync(HtapConfig? config = null, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.Run(() => new HtapEngine(config), ct);
    }

    public static Task<HtapEngine> OpenAsync(string oltpPath, CancellationToken ct = default) =>
        OpenAsync(new HtapConfig { OltpPath = oltpPath }, ct);

    /// <summary>Stops the background sync loop, flushes durable storage, and closes every connection. Idempotent.</summary>
    public void Shutdown()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StopBackgroundSync();
        StopBackgroundCompaction();
        _syncGate.Wait();
        try
        {
            FlushStorage();
            _duck?.Dispose();
            _oltp.Dispose();
        }
        finally
        {
            _syncGate.Release();
        }
    }

    public void Dispose() => Shutdown();

    public ValueTask DisposeAsync()
    {
        Shutdown();
        return ValueTask.CompletedTask;
    }

    /// <summary>Sequence number of the last CDC event applied to OLAP; null before any.</summary>
    private long? _watermark
    {
        get => Interlocked.Read(ref _watermarkValue) is var w && w >= 0 ? w : null;
        set => Interlocked.Exchange(ref _watermarkValue, value ?? -1);
    }

    private bool Disposed => Volatile.Read(ref _disposed) != 0;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Disposed, this);

    /// <summary>
    /// Creates Yoda's metadata tables and restores the registrations. With file storage, the OLAP
    /// tables the storage holds are loaded and continue from its watermark. Every other table is
    /// (re)built from SQLite at one read snapshot: all of them in memory mode or on the first open
    /// of a storage directory, where the watermark becomes the log position of that snapshot.
    /// </summary>
    private async Task OpenReplicationAsync(CancellationToken ct)
    {
        var registrations = await _oltp.WriteAsync(connection => connection.InWriteTransaction(() =>
        {
            _guard.Bypass = true; // migrating a log of an older format is Yoda's own DDL
            try
            {
                MetadataStore.EnsureCreated(connection);
            }
            finally
            {
                _guard.Bypass = false;
            }

            // A registered table dropped while no engine was watching (by another program) is unregistered.
            var tables = MetadataStore.LoadTables(connection).ToList();
            foreach (var missing in tables.Where(t => !Cdc.Registration.SchemaValidator.Exists(connection, t.Name)).ToList())
            {
                MetadataStore.DeleteTable(connection, missing.Name);
                tables.Remove(missing);
            }

            return (Tables: tables, Watermark: MetadataStore.LoadWatermark(connection), Issued: CdcLogReader.IssuedThrough(connection));
        }), ct).ConfigureAwait(false);

        // Stored state older than SQLite's watermark (a storage directory restored from a backup)
        // may miss events pruned since; stored state past every event the log has issued follows
        // another SQLite file (one replaced, or restored from an older backup), whose new events
        // would reuse sequence numbers already applied. Either way every table is reconciled with SQLite.
        var restoring = _storage is { HasPublishedState: true } || _duck is { HasState: true };
        var storedWatermark = _duck is not null ? _duck.Watermark : _storage?.Watermark;
        var continuing = restoring && !(registrations.Watermark > storedWatermark) && !(storedWatermark > registrations.Issued);
        List<(TableReplica Replica, Apache.Arrow.Schema Old)> reshaped = [];
        Dictionary<string, TableReplica> replicas;
        List<TableReplica> missing;
        if (restoring && _duck is not null)
        {
            (replicas, missing, reshaped) = _duck.Restore(registrations.Tables, NewOlapTable, _config.OlapSegmentCapacity, ct);
        }
        else
        {
            (replicas, missing) = restoring ? RestoreTables(registrations.Tables) : NewTables(registrations.Tables);
        }

        var toLoad = continuing ? missing : replicas.Values.ToList();

        var (logPosition, loads) = continuing && toLoad.Count == 0 ? (0L, new List<PreparedChanges>()) : await _oltp.ReadAsync(connection => connection.InReadTransaction(() =>
        {
            var position = CdcLogReader.MaxSequence(connection);
            var now = UnixMicrosNow();
            var prepared = new List<PreparedChanges>();
            try
            {
                foreach (var replica in toLoad)
                {
                    prepared.Add(TableLoader.Prepare(connection, replica, _strategy, now, ct, out _));
                }
            }
            catch
            {
                prepared.ForEach(p => p.Dispose());
                throw;
            }

            return (position, prepared);
        }), ct).ConfigureAwait(false);

        // Restored tables continue from the stored watermark, loaded ones pass over the events
        // their snapshot holds. Without stored state every logged event is in the rows just read.
        var watermark = continuing
            ? storedWatermark
            : logPosition > 0 ? Math.Max(logPosition, registrations.Watermark ?? 0) : registrations.Watermark;
        try
        {
            _duck?.Commit(
                watermark,
                loads.SelectMany(p => p.Tables).Select(t => (t, Math.Max(t.Replica.LoadedThroughSequence, logPosition))),
                _duck.StoredTablesBesides(replicas),
                reshaped);
            foreach (var prepared in loads)
            {
                prepared.Publish();
            }
        }
        finally
        {
            loads.ForEach(p => p.Dispose());
        }

        foreach (var replica in toLoad)
        {
            replica.LoadedThroughSequence = Math.Max(replica.LoadedThroughSequence, logPosition);
        }

        var catalog = CatalogSnapshot.Empty;
        foreach (var replica in replicas.Values)
        {
            catalog = catalog.SetTable(replica.Olap.Current);
        }

        _replicas = replicas.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);
        _catalog = catalog;
        _watermark = watermark;
        PersistOlap();
        if (_watermark is { } w)
        {
            await _oltp.WriteAsync(connection => connection.InWriteTransaction(() =>
            {
                MetadataStore.SaveWatermark(connection, w);
                return _config.PruneAfterSync ? CdcLogReader.PruneThrough(connection, PrunableThrough(w)) : 0;
            }), ct).ConfigureAwait(false);
        }
    }

    private static long UnixMicrosNow() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
}
