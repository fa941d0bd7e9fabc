using Yoda.Cdc.Registration;
using Yoda.Cdc.Sync;
using Yoda.Columnar.Persistence;
using Yoda.Columnar.Storage;

namespace Yoda;

/// <summary>Durable OLAP storage (<see cref="StorageMode.ArrowIpc"/>, <see cref="StorageMode.Parquet"/>): loading at open, persisting after each change.</summary>
public sealed partial class HtapEngine
{
    /// <summary>Null with <see cref="StorageMode.InMemory"/>.</summary>
    private StorageDirectory? _storage;

    /// <summary>Set when a persist failed: the files lag behind memory until the next persist succeeds.</summary>
    private bool _storageBehind;

    /// <summary>Durable storage as it stands; null with <see cref="StorageMode.InMemory"/>.</summary>
    public OlapStorageInfo? OlapStorage()
    {
        ThrowIfDisposed();
        if (_duck is not null)
        {
            throw new YodaException("OlapStorage() reports the columnar backend's file storage; with OlapBackend.DuckDb it is not supported yet (the DuckDB file is StoragePath)");
        }

        _syncGate.Wait();
        try
        {
            return _storage?.Statistics is { } s
                ? new OlapStorageInfo(s.BytesWritten, s.FilesWritten, s.StoredBytes, s.FileCount, s.MaxFilesPerTable, _storage.Watermark)
                : null;
        }
        finally
        {
            _syncGate.Release();
        }
    }

    private ColumnarTable NewOlapTable(ReplicatedTable registration) =>
        new(registration.Name, registration.ToOlapSchema(_strategy.AddsHistoryColumns), _config.OlapSegmentCapacity);

    private (Dictionary<string, TableReplica> Replicas, List<TableReplica> ToLoad) NewTables(IReadOnlyList<ReplicatedTable> registrations)
    {
        var replicas = registrations.ToDictionary(r => r.Name, r => new TableReplica(r, NewOlapTable(r)), StringComparer.OrdinalIgnoreCase);
        return (replicas, replicas.Values.ToList());
    }

    /// <summary>
    /// Restores the registered tables the storage holds. Returns the replicas (restored ones and
    /// new empty ones) and those that must be loaded from SQLite: tables the storage lacks or holds
    /// under another registration. A stored table whose registration is gone is left out (the next
    /// persist drops it).
    /// </summary>
    private (Dictionary<string, TableReplica> Replicas, List<TableReplica> ToLoad) RestoreTables(IReadOnlyList<ReplicatedTable> registrations)
    {
        var storage = _storage!;
        var replicas = new Dictionary<string, TableReplica>(StringComparer.OrdinalIgnoreCase);
        var toLoad = new List<TableReplica>();
        foreach (var registration in registrations)
        {
            var stored = storage.Tables.FirstOrDefault(t => string.Equals(t.Name, registration.Name, StringComparison.OrdinalIgnoreCase));
            var schema = registration.ToOlapSchema(_strategy.AddsHistoryColumns);
            if (stored is null || !Continues(stored, registration, schema))
            {
                var empty = new TableReplica(registration, NewOlapTable(registration));
                replicas.Add(registration.Name, empty);
                toLoad.Add(empty);
                continue;
            }

            var loaded = storage.Load(stored);
            var keys = KeyIndexRebuild.Keys(
                loaded,
                registration.UsesRowid ? [] : registration.PrimaryKey.Select(k => ColumnIndex(loaded.Schema, k)).ToList(),
                _strategy.AddsHistoryColumns ? ColumnIndex(loaded.Schema, ReplicatedTable.ValidToColumn) : -1);
            var olap = ColumnarTable.Restore(registration.Name, loaded.Schema, stored.SegmentCapacity, loaded.Segments, keys);
            storage.Adopt(registration.Name, olap, loaded.Segments);

            // A column change committed in SQLite whose OLAP side was not persisted before a crash.
            if (stored.SchemaVersion < registration.SchemaVersion)
            {
                olap.ChangeSchema(schema);
            }

            replicas.Add(registration.Name, new TableReplica(registration, olap) { LoadedThroughSequence = stored.LoadedThroughSequence });
        }

        return (replicas, toLoad);
    }

    /// <summary>
    /// Whether a stored table is this registration's OLAP table: the same columns at the same
    /// schema version, or an earlier version (a column change the crash kept from the files), in
    /// the same sync mode. Anything else is another table of the same name, and is loaded afresh.
    /// </summary>
    private static bool Continues(TableManifest stored, ReplicatedTable registration, Apache.Arrow.Schema schema)
    {
        var storedHistory = stored.Columns.Any(c => c.Name == ReplicatedTable.ValidToColumn);
        var history = schema.FieldsList.Any(f => f.Name == ReplicatedTable.ValidToColumn);
        if (stored.StoresRowid != registration.UsesRowid || stored.SchemaVersion > registration.SchemaVersion || storedHistory != history)
        {
            return false;
        }

        return stored.SchemaVersion < registration.SchemaVersion
            || stored.Columns.SequenceEqual(schema.FieldsList.Select(f =>
                new ColumnManifest(f.Name, Columnar.Types.ColumnTypes.CanonicalName(f.DataType), f.IsNullable)));
    }

    private static int ColumnIndex(Apache.Arrow.Schema schema, string name)
    {
        for (var i = 0; i < schema.FieldsList.Count; i++)
        {
            if (string.Equals(schema.FieldsList[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new YodaException($"stored OLAP table has no column {name}");
    }

    /// <summary>
    /// Publishes every OLAP table and the watermark to durable storage (the caller holds the sync
    /// gate, or is opening). A failure is a <see cref="YodaException"/>; memory stays ahead and
    /// the next persist writes everything since the last published state.
    /// </summary>
    private void PersistOlap()
    {
        if (_storage is not { } storage)
        {
            return;
        }

        _storageBehind = true;
        var tables = _replicas.Values.Select(r => new TableState(
            r.Olap,
            r.Olap.Current,
            r.Registration.SchemaVersion,
            r.LoadedThroughSequence,
            r.Olap.SegmentCapacity,
            r.Registration.UsesRowid ? RowidsFrom(r.Olap) : null)).ToList();
        try
        {
            storage.Persist(tables, _watermark);
        }
        catch (YodaException e)
        {
            throw new YodaException(
                $"{e.Message}. OLAP holds the change in memory and the next sync persists it; the CDC log keeps every event after {storage.Watermark?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the start"}", e);
        }

        _storageBehind = false;
    }

    /// <summary>The newest watermark the log may be pruned through: in file storage modes, never past the durable one.</summary>
    private long PrunableThrough(long applied) =>
        _storage is null ? applied : Math.Min(applied, _storage.Watermark ?? 0);

    /// <summary>At shutdown: a persist that failed earlier is tried once more.</summary>
    private void FlushStorage()
    {
        if (!_storageBehind)
        {
            return;
        }

        try
        {
            PersistOlap();
        }
        catch (YodaException)
        {
            // Nothing is lost: the log keeps every event after the durable watermark, and the
            // next open replays them.
        }
    }

    private static Func<long, long?[]> RowidsFrom(ColumnarTable table) => from =>
    {
        var rowids = new long?[Math.Max(0, table.PositionCount - from)];
        foreach (var (key, position) in table.PublishedIndex)
        {
            if (position >= from && key.TryGetInteger(out var rowid))
            {
                rowids[position - from] = rowid;
            }
        }

        return rowids;
    };
}
