#if YODA_ENGINE
using Yoda.Bench.Workloads;

namespace Yoda.Bench.Engines;

/// <summary>
/// Yoda through its public API only: tables are created and filled in SQLite with
/// ExecuteAsync/ExecuteBatchAsync, registered, brought over with InitialSyncAsync (then
/// SyncNowAsync until the lag is 0), and queried with QueryOlapAsync. The timed part is the
/// QueryOlapAsync call, which returns fully materialised Arrow batches. "yoda-duckdb" is the same
/// engine with OlapBackend.DuckDb (DuckDB in memory, default threads).
/// </summary>
public sealed class YodaEngine : IBenchEngine
{
    private const int RowsPerStatement = 256;
    private const int RowsPerTransaction = 100_000;
    private readonly string _folder;
    private readonly OlapBackend _backend;
    private readonly int _threads;
    private HtapEngine? _engine;

    /// <param name="threads">HtapConfig.OlapParallelism of the columnar backend (DuckDB keeps its default).</param>
    public YodaEngine(OlapBackend backend, int threads)
    {
        _backend = backend;
        _threads = threads;
        _folder = Path.Combine(Path.GetTempPath(), "yoda-bench-yoda-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    public string Name => _backend == OlapBackend.DuckDb ? "yoda-duckdb" : "yoda";

    public string Title => _backend == OlapBackend.DuckDb ? "Yoda on DuckDB" : "Yoda";

    public string Description =>
        $"Yoda (this commit), {_backend} OLAP backend in memory, loaded through ExecuteBatchAsync + InitialSyncAsync; " +
        (_backend == OlapBackend.Columnar ? $"OlapParallelism = {_threads}" : "DuckDB's default threads");

    public async Task LoadAsync(IReadOnlyList<TableData> tables, CancellationToken ct)
    {
        _engine = await HtapEngine.OpenAsync(
            new HtapConfig { OltpPath = Path.Combine(_folder, "yoda.db"), SyncBatchSize = 1_000_000, OlapBackend = _backend, OlapParallelism = _threads }, ct);
        foreach (var table in tables)
        {
            await _engine.ExecuteAsync(SqlText.SqliteCreateTable(table), null, ct);
            for (int from = 0; from < table.RowCount; from += RowsPerTransaction)
            {
                int to = Math.Min(table.RowCount, from + RowsPerTransaction);
                await _engine.ExecuteBatchAsync(SqlText.InsertStatements(table, from, to, RowsPerStatement).ToList(), ct);
            }

            var columns = table.Columns.Select(c => (c.Name, YodaType(c.Type)));
            await _engine.RegisterTableAsync(new TableSchema(table.Name, columns, table.PrimaryKey), ct);
            await _engine.InitialSyncAsync(table.Name, ct);
        }

        // Tables loaded before registration leave no CDC events; drain whatever there is, and
        // stop if a cycle makes no progress rather than spin.
        while ((await _engine.SyncStatusAsync(ct)).Lag > 0)
        {
            if ((await _engine.SyncNowAsync(ct)).EventsProcessed == 0)
            {
                break;
            }
        }
    }

    /// <summary>The OLAP tables and their sizes once loaded (null before), for the bytes-per-row report.</summary>
    public IReadOnlyList<OlapTableInfo>? OlapTables() => _engine?.OlapTables();

    public async Task<Func<QueryResult>> ExecuteAsync(string sql, CancellationToken ct)
    {
        var engine = _engine ?? throw new InvalidOperationException("Yoda engine used before LoadAsync");
        IReadOnlyList<Apache.Arrow.RecordBatch> batches;
        try
        {
            batches = await engine.QueryOlapAsync(sql, ct);
        }
        catch (YodaException e) when (e.Message.Contains("not supported", StringComparison.OrdinalIgnoreCase))
        {
            throw new QueryNotSupportedException(e.Message, e);
        }

        return () => ArrowRows.ToResult(batches);
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static string YodaType(ColumnType type) => type switch
    {
        ColumnType.Int64 => "int64",
        ColumnType.Double => "float64",
        _ => "utf8",
    };
}
#endif
