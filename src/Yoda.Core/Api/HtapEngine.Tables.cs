using Yoda.Cdc;
using Yoda.Cdc.Capture;
using Yoda.Cdc.Registration;
using Yoda.Cdc.Sql;
using Yoda.Cdc.Sync;
using Yoda.Columnar.Storage;
using Yoda.Columnar.Types;

namespace Yoda;

public sealed partial class HtapEngine
{
    /// <summary>
    /// Starts replicating a SQLite table: checks <paramref name="schema"/> against the table,
    /// records the registration, installs the capture triggers (all in one SQLite transaction) and
    /// creates the empty OLAP table. Rows already in the table arrive with <see cref="InitialSyncAsync"/>.
    /// </summary>
    public async Task RegisterTableAsync(TableSchema schema, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(schema);
        await _syncGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            if (_replicas.ContainsKey(schema.Name))
            {
                throw new YodaException($"table {schema.Name} is already registered");
            }

            var temporal = _strategy.AddsHistoryColumns;
            var (registration, logPosition) = await _oltp.WriteAsync(connection => connection.InWriteTransaction(() =>
            {
                var table = SchemaValidator.Validate(connection, schema.Name, schema.ToColumnDefinitions(), schema.PrimaryKey, temporal);
                MetadataStore.SaveTable(connection, table);
                _guard.Bypass = true; // widening the log is Yoda's own DDL
                try
                {
                    TriggerBuilder.Install(connection, table);
                }
                finally
                {
                    _guard.Bypass = false;
                }

                return (table, Cdc.Log.CdcLogReader.MaxSequence(connection));
            }), ct).ConfigureAwait(false);

            // Events logged before now belong to an earlier table of the same name (dropped since).
            var replica = new TableReplica(registration, NewOlapTable(registration))
            {
                LoadedThroughSequence = logPosition,
            };
            _duck?.Create(replica, _watermark);
            _replicas = _replicas.SetItem(registration.Name, replica);
            PublishCatalog([replica.Olap.Current]);
            PersistOlap();
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>
    /// Adds a nullable column to a registered table: SQLite, the capture triggers and the OLAP table
    /// change together. Events captured before the change still apply (the new column is NULL in them).
    /// </summary>
    public Task AddColumnAsync(string tableName, string columnName, string dataType, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(tableName);
        ArgumentException.ThrowIfNullOrWhiteSpace(columnName);
        ArgumentNullException.ThrowIfNull(dataType);
        if (!ColumnTypes.TryParse(dataType, out var type))
        {
            throw new ArgumentException($"unknown type: {dataType}", nameof(dataType));
        }

        return ChangeColumnsAsync(tableName, ct, (replica, connection) =>
        {
            var table = replica.Registration;
            if (table.IndexOf(columnName) >= 0)
            {
                throw new YodaException($"table {table.Name} already has a column named {columnName}");
            }

            if (_strategy.AddsHistoryColumns && columnName.StartsWith(MetadataSchema.ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new YodaException($"column names starting with {MetadataSchema.ReservedPrefix} are reserved for Yoda: {columnName}");
            }

            connection.Execute(
                $"ALTER TABLE {SqlText.Identifier(table.Name)} ADD COLUMN {SqlText.Identifier(columnName)} {SqliteAffinity.DeclaredTypeFor(type)}");
            return table.WithColumns([.. table.Columns, new ColumnDefinition(columnName, type, IsNullable: true)]);
        });
    }

    /// <summary>
    /// Drops a column of a registered table from SQLite, the capture triggers and the OLAP table
    /// together. Primary-key columns cannot be dropped.
    /// </summary>
    public Task DropColumnAsync(string tableName, string columnName, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(tableName);
        ArgumentNullException.ThrowIfNull(columnName);
        return ChangeColumnsAsync(tableName, ct, (replica, connection) =>
        {
            var table = replica.Registration;
            var index = table.IndexOf(columnName);
            if (index < 0)
            {
                throw new YodaException($"table {table.Name} has no registered column named {columnName}");
            }

            var column = table.Columns[index];
            if (table.PrimaryKey.Contains(column.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw new YodaException($"column {column.Name} is part of the primary key of table {table.Name} and cannot be dropped");
            }

            if (table.Columns.Count == 1)
            {
                throw new YodaException($"column {column.Name} is the only replicated column of table {table.Name} and cannot be dropped");
            }

            connection.Execute($"ALTER TABLE {SqlText.Identifier(table.Name)} DROP COLUMN {SqlText.Identifier(column.Name)}");
            return table.WithColumns(table.Columns.Where((_, i) => i != index).ToList());
        });
    }

    /// <summary>
    /// Runs a column change in one SQLite transaction (triggers dropped, table altered, triggers
    /// and registration rewritten for the next schema version), then reshapes the OLAP table.
    /// </summary>
    private async Task ChangeColumnsAsync(
        string tableName,
        CancellationToken ct,
        Func<TableReplica, Microsoft.Data.Sqlite.SqliteConnection, ReplicatedTable> alter)
    {
        await _syncGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            var replica = FindReplica(tableName);
            var registration = await _oltp.WriteAsync(connection => connection.InWriteTransaction(() =>
            {
                // Yoda's own DDL on a registered table passes the schema guard.
                _guard.Bypass = true;
                try
                {
                    foreach (var statement in TriggerBuilder.DropStatements(replica.Name))
                    {
                        connection.Execute(statement);
                    }

                    var changed = alter(replica, connection);
                    TriggerBuilder.Install(connection, changed);

                    MetadataStore.SaveTable(connection, changed);
                    return changed;
                }
                finally
                {
                    _guard.Bypass = false;
                }
            }), ct).ConfigureAwait(false);

            var changed = replica.WithRegistration(registration);
            _duck?.Reshape(changed, replica.Olap.Schema, _watermark);
            var snapshot = replica.Olap.ChangeSchema(registration.ToOlapSchema(_strategy.AddsHistoryColumns));
            _replicas = _replicas.SetItem(registration.Name, changed);
            PublishCatalog([snapshot]);
            PersistOlap();
        }
        finally
        {
            _syncGate.Release();
        }
    }
}
