using DuckDB.NET.Data;
using Yoda.Bench.Workloads;

namespace Yoda.Bench.Engines;

/// <summary>DuckDB through DuckDB.NET, in memory, loaded with the appender, SET threads = N.</summary>
public sealed class DuckDbEngine : IBenchEngine
{
    private readonly DuckDBConnection _connection;

    public DuckDbEngine(int threads)
    {
        Threads = threads;
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        Execute($"SET threads = {threads}");
        using var version = _connection.CreateCommand();
        version.CommandText = "SELECT version()";
        Version = Convert.ToString(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "?";
    }

    public string Name => "duckdb";

    public int Threads { get; }

    public string Version { get; }

    public string Title => "DuckDB";

    public string Description => $"DuckDB {Version} (DuckDB.NET), in memory, threads = {Threads}";

    public Task LoadAsync(IReadOnlyList<TableData> tables, CancellationToken ct)
    {
        foreach (var table in tables)
        {
            var columns = table.Columns.Select(c => $"{c.Name} {DuckType(c.Type)}");
            Execute($"CREATE TABLE {table.Name} ({string.Join(", ", columns)})");
            using var appender = _connection.CreateAppender(table.Name);
            for (int row = 0; row < table.RowCount; row++)
            {
                if ((row & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }

                var appenderRow = appender.CreateRow();
                foreach (var column in table.Columns)
                {
                    switch (column.Type)
                    {
                        case ColumnType.Int64:
                            appenderRow.AppendValue(column.Ints![row]);
                            break;
                        case ColumnType.Double:
                            appenderRow.AppendValue(column.Doubles![row]);
                            break;
                        default:
                            appenderRow.AppendValue(column.Texts![row]);
                            break;
                    }
                }

                appenderRow.EndRow();
            }
        }

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
            for (int i = 0; i < columns; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return Task.FromResult<Func<QueryResult>>(() => ValueNormalizer.NormalizeRows(columns, rows));
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string DuckType(ColumnType type) => type switch
    {
        ColumnType.Int64 => "BIGINT",
        ColumnType.Double => "DOUBLE",
        _ => "VARCHAR",
    };

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
