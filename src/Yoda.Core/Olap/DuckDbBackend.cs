using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Cdc.Registration;
using Yoda.Cdc.Sync;
using Yoda.Columnar.Storage;
using Yoda.DuckDb;

namespace Yoda.Olap;

/// <summary>
/// The DuckDB backend as the engine sees it. The columnar tables stay the merge state (the sync
/// engine stages every change on them with the same merge strategies); each change of them is
/// copied into DuckDB in one DuckDB transaction, together with the sync watermark, before it is
/// published; queries run in DuckDB.
/// </summary>
internal sealed class DuckDbBackend : IDisposable
{
    private readonly DuckDbDatabase _database;
    private readonly bool _temporal;

    private DuckDbBackend(DuckDbDatabase database, bool temporal)
    {
        _database = database;
        _temporal = temporal;
    }

    /// <summary>The database (for tests).</summary>
    internal DuckDbDatabase Database => _database;

    /// <summary>Whether the DuckDB file held tables and a watermark when the engine opened.</summary>
    public bool HasState => _database.HasState;

    /// <summary>The watermark of the last commit.</summary>
    public long? Watermark => _database.Watermark;

    public static DuckDbBackend Open(HtapConfig config) =>
        new(DuckDbDatabase.Open(config.StoragePath), config.SyncMode == SyncMode.Temporal);

    /// <summary>
    /// The registered tables the DuckDB file holds, read back as columnar tables, and the
    /// registrations it lacks (or holds under another shape), to load from SQLite. A table stored
    /// at an earlier schema version (a column change that a crash kept from DuckDB) is reshaped.
    /// </summary>
    public (Dictionary<string, TableReplica> Replicas, List<TableReplica> ToLoad, List<(TableReplica Replica, Schema Old)> Reshaped) Restore(
        IReadOnlyList<ReplicatedTable> registrations, Func<ReplicatedTable, ColumnarTable> newTable, int segmentCapacity, CancellationToken ct)
    {
        var replicas = new Dictionary<string, TableReplica>(StringComparer.OrdinalIgnoreCase);
        var toLoad = new List<TableReplica>();
        var reshaped = new List<(TableReplica, Schema)>();
        foreach (var registration in registrations)
        {
            var stored = _database.Tables.FirstOrDefault(t => string.Equals(t.Name, registration.Name, StringComparison.OrdinalIgnoreCase));
            var schema = registration.ToOlapSchema(_temporal);
            if (stored is null || !Continues(stored, registration, schema))
            {
                var empty = new TableReplica(registration, newTable(registration));
                replicas.Add(registration.Name, empty);
                toLoad.Add(empty);
                continue;
            }

            var keyColumns = registration.UsesRowid ? [] : registration.PrimaryKey.Select(k => IndexOf(stored, k)).ToList();
            var olap = DuckDbTableReader.Read(_database, stored, segmentCapacity, keyColumns,
                _temporal ? IndexOf(stored, ReplicatedTable.ValidToColumn) : -1, ct);
            var replica = new TableReplica(registration, olap) { LoadedThroughSequence = stored.LoadedThroughSequence };
            if (stored.SchemaVersion < registration.SchemaVersion)
            {
                olap.ChangeSchema(schema);
                reshaped.Add((replica, stored.Schema));
            }

            replicas.Add(registration.Name, replica);
        }

        return (replicas, toLoad, reshaped);
    }

    /// <summary>Names of tables the DuckDB file holds that are not among <paramref name="registered"/>.</summary>
    public IEnumerable<string> StoredTablesBesides(IReadOnlyDictionary<string, TableReplica> registered) =>
        _database.Tables.Select(t => t.Name).Where(n => !registered.ContainsKey(n)).ToList();

    /// <summary>
    /// Copies prepared changes into DuckDB and records <paramref name="watermark"/>, in one DuckDB
    /// transaction; throws a <see cref="YodaException"/> and changes nothing on failure.
    /// </summary>
    public void Commit(
        long? watermark,
        IEnumerable<(PreparedTable Table, long LoadedThrough)> changes,
        IEnumerable<string>? dropped = null,
        IEnumerable<(TableReplica Replica, Schema Old)>? reshaped = null)
    {
        var deltas = changes.Select(c => Delta(c.Table, c.LoadedThrough)).ToList();
        _database.Commit(connection =>
        {
            foreach (var name in dropped ?? [])
            {
                DuckDbTables.Drop(connection, name);
            }

            foreach (var (replica, old) in reshaped ?? [])
            {
                DuckDbTables.Reshape(connection, Stored(replica, replica.LoadedThroughSequence), old);
            }

            foreach (var delta in deltas)
            {
                DuckDbTables.Apply(connection, delta);
            }
        }, watermark);
    }

    /// <summary>A registered table's new, empty OLAP table.</summary>
    public void Create(TableReplica replica, long? watermark) =>
        _database.Commit(connection => DuckDbTables.Create(connection, Stored(replica, replica.LoadedThroughSequence)), watermark);

    /// <summary>A column change: the DuckDB table takes the registration's columns (before the columnar table does).</summary>
    public void Reshape(TableReplica changed, Schema old, long? watermark) =>
        _database.Commit(connection => DuckDbTables.Reshape(connection, Stored(changed, changed.LoadedThroughSequence), old), watermark);

    public void Drop(string name, long? watermark) =>
        _database.Commit(connection => DuckDbTables.Drop(connection, name), watermark);

    /// <summary>Runs a query in DuckDB (after <see cref="DuckDbQueryText.Rewrite"/>); EXPLAIN gives DuckDB's plan.</summary>
    public IReadOnlyList<RecordBatch> Query(
        string sql, object?[] values, string? explained, IReadOnlyDictionary<string, TableReplica> replicas, Func<string, bool> isView, CancellationToken ct)
    {
        if (!Sql.Routing.QueryRouter.Classify(explained ?? sql).IsQuery)
        {
            var word = (explained ?? sql).TrimStart().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
            throw new YodaException($"the OLAP engine runs queries only, not {word.ToUpperInvariant()} statements: writes and DDL go to ExecuteAsync");
        }

        var text = DuckDbQueryText.Rewrite(explained ?? sql, values, name => _temporal && replicas.ContainsKey(name), isView);
        if (explained is not null)
        {
            var plan = DuckDbQuery.Run(_database, "EXPLAIN " + text, values, _ => null, null, ct);
            return [ExplainText(plan)];
        }

        try
        {
            return DuckDbQuery.Run(_database, text, values, column => RegisteredType(replicas, column), ResultNames.Of(sql), ct);
        }
        catch (YodaException e) when (e.Message.StartsWith("DuckDB: Parser Error", StringComparison.Ordinal))
        {
            // Yoda's parser names the line and column of a syntax error it sees too; where it
            // cannot read the text at all (DuckDB syntax it lacks), DuckDB's message stands.
            SqlParseException? syntax = null;
            try
            {
                Sql.Parsing.SqlParser.Parse(sql);
            }
            catch (SqlParseException found)
            {
                syntax = found;
            }
            catch (YodaException)
            {
            }

            if (syntax is not null)
            {
                throw syntax;
            }

            throw;
        }
    }

    public void Dispose() => _database.Dispose();

    private StoredTable Stored(TableReplica replica, long loadedThrough) => new(
        replica.Name, replica.Registration.SchemaVersion, loadedThrough, replica.Registration.UsesRowid,
        replica.Registration.ToOlapSchema(_temporal));

    private static TableDelta Delta(PreparedTable table, long loadedThrough)
    {
        var replica = table.Replica;
        Func<long, long?>? rowidAt = null;
        if (replica.Registration.UsesRowid)
        {
            var byPosition = new Dictionary<long, long>();
            foreach (var (key, position) in table.StagedKeys)
            {
                if (position >= 0 && key.TryGetInteger(out var rowid))
                {
                    byPosition[position] = rowid;
                }
            }

            rowidAt = position => byPosition.TryGetValue(position, out var rowid) ? rowid : null;
        }

        var stored = new StoredTable(replica.Name, replica.Registration.SchemaVersion, loadedThrough, replica.Registration.UsesRowid, table.After.Schema);
        return new TableDelta(stored, table.Before, table.After, replica.Olap.SegmentCapacity, rowidAt);
    }

    /// <summary>Whether a stored table is this registration's: same rowid use and history columns, and its columns at its version.</summary>
    private bool Continues(StoredTable stored, ReplicatedTable registration, Schema schema)
    {
        var storedHistory = stored.Schema.FieldsList.Any(f => f.Name == ReplicatedTable.ValidToColumn);
        if (stored.StoresRowid != registration.UsesRowid || stored.SchemaVersion > registration.SchemaVersion || storedHistory != _temporal)
        {
            return false;
        }

        return stored.SchemaVersion < registration.SchemaVersion
            || stored.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable))
                .SequenceEqual(schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)));
    }

    private static IArrowType? RegisteredType(IReadOnlyDictionary<string, TableReplica> replicas, string column)
    {
        foreach (var replica in replicas.Values)
        {
            var index = replica.Registration.IndexOf(column);
            if (index >= 0)
            {
                return replica.Registration.Columns[index].Type;
            }
        }

        return null;
    }

    private static int IndexOf(StoredTable table, string name)
    {
        var fields = table.Schema.FieldsList;
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new YodaException($"the DuckDB table {table.Name} has no column {name}");
    }

    private static RecordBatch ExplainText(IReadOnlyList<RecordBatch> plan)
    {
        var lines = new List<string>();
        foreach (var batch in plan)
        {
            var column = batch.Column(batch.ColumnCount - 1) as StringArray;
            for (var r = 0; r < batch.Length; r++)
            {
                lines.Add(column?.GetString(r) ?? string.Empty);
            }
        }

        var schema = new Schema([new Field("route", StringType.Default, false), new Field("plan", StringType.Default, false)], null);
        return new RecordBatch(schema,
            [new StringArray.Builder().Append("OLAP").Build(), new StringArray.Builder().Append(string.Join('\n', lines)).Build()], 1);
    }
}
