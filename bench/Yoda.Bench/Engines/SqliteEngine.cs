using Microsoft.Data.Sqlite;
using Yoda.Bench.Workloads;

namespace Yoda.Bench.Engines;

/// <summary>
/// SQLite alone (Microsoft.Data.Sqlite), a file database in a temporary folder with default
/// settings; loaded in one transaction through one prepared statement. Always one thread.
/// </summary>
public sealed class SqliteEngine : IBenchEngine
{
    private readonly string _folder;
    private readonly SqliteConnection _connection;

    public SqliteEngine()
    {
        _folder = Path.Combine(Path.GetTempPath(), "yoda-bench-sqlite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "bench.db")};Pooling=False");
        _connection.Open();
        using var version = _connection.CreateCommand();
        version.CommandText = "SELECT sqlite_version()";
        Version = (string)version.ExecuteScalar()!;
    }

    public string Name => "sqlite";

    public string Version { get; }

    public string Title => "SQLite";

    public string Description => $"SQLite {Version} (Microsoft.Data.Sqlite), file database, default pragmas, 1 thread";

    public Task LoadAsync(IReadOnlyList<TableData> tables, CancellationToken ct)
    {
        foreach (var table in tables)
        {
            Load(table, ct);
        }

        using var analyze = _connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<Func<QueryResult>> ExecuteAsync(string sql, CancellationToken ct)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        int columns = reader.FieldCount;
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[columns];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return Task.FromResult<Func<QueryResult>>(() => ValueNormalizer.NormalizeRows(columns, rows));
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the run's figures are already taken.
        }

        return ValueTask.CompletedTask;
    }

    private void Load(TableData table, CancellationToken ct)
    {
        using var transaction = _connection.BeginTransaction();
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = SqlText.SqliteCreateTable(table);
            create.ExecuteNonQuery();
        }

        using var insert = _connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {table.Name} VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
        var parameters = table.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        insert.Prepare();
        for (int row = 0; row < table.RowCount; row++)
        {
            if ((row & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            for (int c = 0; c < parameters.Length; c++)
            {
                parameters[c].Value = table.Columns[c].GetValue(row) ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
