using System.Text.Json;
using Apache.Arrow;
using DuckDB.NET.Data;
using Yoda.Columnar.Types;

namespace Yoda.DuckDb;

/// <summary>
/// The DuckDB database of the DuckDB backend: in memory, or the file at a path. One connection
/// writes (each change is one DuckDB transaction that also records the sync watermark); queries
/// run on connections of their own to the same database, so they see whole commits only.
/// </summary>
public sealed class DuckDbDatabase : IDisposable
{
    private readonly DuckDBConnection _writer;
    private readonly Lock _writeLock = new();

    private readonly string? _path;

    private DuckDbDatabase(DuckDBConnection writer, string? path, long? watermark, IReadOnlyList<StoredTable> tables)
    {
        _writer = writer;
        _path = path;
        Watermark = watermark;
        Tables = tables;
    }

    /// <summary>The sync watermark of the last commit (null before any): the CDC position the tables reflect.</summary>
    public long? Watermark { get; private set; }

    /// <summary>The tables the database held when it was opened.</summary>
    public IReadOnlyList<StoredTable> Tables { get; }

    /// <summary>Whether the database held Yoda's state when it was opened (a file written before).</summary>
    public bool HasState => Watermark is not null || Tables.Count > 0;

    /// <summary>Opens (or creates) the database: in memory when <paramref name="path"/> is null, else the DuckDB file at it.</summary>
    public static DuckDbDatabase Open(string? path)
    {
        if (path is not null && Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        DuckDBConnection connection;
        try
        {
            connection = new DuckDBConnection($"Data Source={path ?? ":memory:"}");
            connection.Open();
        }
        catch (DllNotFoundException e)
        {
            throw new YodaException(
                "OlapBackend.DuckDb needs DuckDB's native library: add the package DuckDB.NET.Data.Full (or DuckDB.NET.Bindings.Full) to the application", e);
        }
        catch (DuckDBException e)
        {
            throw new YodaException($"the DuckDB file {path} cannot be opened: {e.Message}", e);
        }

        try
        {
            Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {DuckDbNames.MetaSchema}");
            Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {DuckDbNames.DataSchema}");
            Execute(connection, $"CREATE TABLE IF NOT EXISTS {DuckDbNames.MetaSchema}.state (watermark BIGINT)");
            Execute(connection,
                $"CREATE TABLE IF NOT EXISTS {DuckDbNames.MetaSchema}.tables (name VARCHAR, schema_version INTEGER, loaded_through BIGINT, stores_rowid BOOLEAN, columns VARCHAR)");
            var database = new DuckDbDatabase(connection, path, ReadWatermark(connection), ReadTables(connection));
            // Closer to SQLite: NULLs sort first ascending, and / of integers truncates.
            Execute(connection, "SET GLOBAL default_null_order = 'nulls_first_on_asc_last_on_desc'");
            Execute(connection, "SET GLOBAL integer_division = true");
            // SQLite's TOTAL: the float sum, 0.0 over no rows.
            Execute(connection, "CREATE OR REPLACE MACRO main.total(x) AS coalesce(sum(x)::DOUBLE, 0.0)");
            // Queries must not reach files or other databases: the OLAP side only reads its tables.
            Execute(connection, "SET GLOBAL enable_external_access = false");
            return database;
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw new YodaException($"the DuckDB database {path ?? ":memory:"} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> and records <paramref name="watermark"/> in one DuckDB
    /// transaction: all of it is committed, or nothing (the exception says why).
    /// </summary>
    public void Commit(Action<DuckDBConnection> work, long? watermark)
    {
        lock (_writeLock)
        {
            Execute(_writer, "BEGIN TRANSACTION");
            try
            {
                work(_writer);
                Execute(_writer, $"DELETE FROM {DuckDbNames.MetaSchema}.state");
                if (watermark is { } w)
                {
                    Execute(_writer, $"INSERT INTO {DuckDbNames.MetaSchema}.state VALUES ({w})");
                }

                Execute(_writer, "COMMIT");
                Watermark = watermark;
            }
            catch (Exception e)
            {
                try
                {
                    Execute(_writer, "ROLLBACK");
                }
                catch (DuckDBException)
                {
                    // DuckDB already ended the transaction that failed.
                }

                if (e is DuckDBException duck)
                {
                    throw new YodaException($"DuckDB: {duck.Message}; nothing of this change was applied", duck);
                }

                throw;
            }
        }
    }

    /// <summary>Records a table's state (inside <see cref="Commit"/>).</summary>
    public static void SaveTable(DuckDBConnection connection, StoredTable table)
    {
        DeleteTable(connection, table.Name);
        var columns = JsonSerializer.Serialize(table.Schema.FieldsList
            .Select(f => new StoredColumn(f.Name, ColumnTypes.CanonicalName(f.DataType), f.IsNullable)).ToList());
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {DuckDbNames.MetaSchema}.tables VALUES (?, ?, ?, ?, ?)";
        command.Parameters.Add(new DuckDBParameter(table.Name));
        command.Parameters.Add(new DuckDBParameter(table.SchemaVersion));
        command.Parameters.Add(new DuckDBParameter(table.LoadedThroughSequence));
        command.Parameters.Add(new DuckDBParameter(table.StoresRowid));
        command.Parameters.Add(new DuckDBParameter(columns));
        command.ExecuteNonQuery();
    }

    /// <summary>Forgets a table's record (inside <see cref="Commit"/>).</summary>
    public static void DeleteTable(DuckDBConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM {DuckDbNames.MetaSchema}.tables WHERE lower(name) = lower(?)";
        command.Parameters.Add(new DuckDBParameter(name));
        command.ExecuteNonQuery();
    }

    /// <summary>A new connection to the same database, for one query.</summary>
    public DuckDBConnection OpenQueryConnection()
    {
        lock (_writeLock)
        {
            // DuckDB.NET shares one database instance between the connections of a process to the same file.
            var connection = _path is null ? _writer.Duplicate() : new DuckDBConnection(_writer.ConnectionString);
            if (connection.State != System.Data.ConnectionState.Open)
            {
                connection.Open();
            }

            return connection;
        }
    }

    /// <summary>Runs a statement on the writer connection outside a commit (table restoration at open).</summary>
    public T WithWriter<T>(Func<DuckDBConnection, T> work)
    {
        lock (_writeLock)
        {
            return work(_writer);
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            _writer.Dispose();
        }
    }

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long? ReadWatermark(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT max(watermark) FROM {DuckDbNames.MetaSchema}.state";
        return command.ExecuteScalar() is long w ? w : null;
    }

    private static List<StoredTable> ReadTables(DuckDBConnection connection)
    {
        var tables = new List<StoredTable>();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name, schema_version, loaded_through, stores_rowid, columns FROM {DuckDbNames.MetaSchema}.tables";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var columns = JsonSerializer.Deserialize<List<StoredColumn>>(reader.GetString(4)) ?? [];
            var fields = columns.Select(c => new Field(c.Name,
                ColumnTypes.TryParse(c.Type, out var type) ? type : throw new YodaException($"the DuckDB file records an unknown column type {c.Type}"),
                c.Nullable));
            tables.Add(new StoredTable(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetBoolean(3), new Schema(fields, null)));
        }

        return tables;
    }

    private sealed record StoredColumn(string Name, string Type, bool Nullable);
}
