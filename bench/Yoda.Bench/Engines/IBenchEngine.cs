using Yoda.Bench.Workloads;

namespace Yoda.Bench.Engines;

/// <summary>
/// One engine of the comparison. <see cref="ExecuteAsync"/> is the timed part: it runs the
/// query and fetches every value in the engine's own result form; the returned function turns
/// that into a <see cref="QueryResult"/> outside the timing.
/// </summary>
public interface IBenchEngine : IAsyncDisposable
{
    /// <summary>Short name used on the command line and in tables: sqlite, duckdb, yoda.</summary>
    string Name { get; }

    /// <summary>Column title: engine, version, storage and threads.</summary>
    string Title { get; }

    /// <summary>Version, settings and thread count, for the results file.</summary>
    string Description { get; }

    Task LoadAsync(IReadOnlyList<TableData> tables, CancellationToken ct);

    /// <summary>Runs a query; throws <see cref="QueryNotSupportedException"/> when the engine declines it.</summary>
    Task<Func<QueryResult>> ExecuteAsync(string sql, CancellationToken ct);
}
