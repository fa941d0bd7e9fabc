using Microsoft.Data.Sqlite;

namespace Yoda.Testing.Comparison;

/// <summary>How a query fared on both engines.</summary>
public enum Verdict
{
    /// <summary>Both answered, and the answers are the same.</summary>
    Match,
    /// <summary>SQLite rejected the query, and so did Yoda.</summary>
    BothRejected,
    /// <summary>Yoda said "not supported yet" (a <see cref="YodaException"/>): neither a pass nor a failure; count these.</summary>
    Unsupported,
    /// <summary>The answers differ, or only one engine rejected the query, or Yoda threw something other than a <see cref="YodaException"/>.</summary>
    Mismatch,
}

/// <summary>The outcome of one differential comparison, with both answers for the report.</summary>
public sealed record Comparison(Verdict Verdict, string Sql, string? Detail, ResultSet? Sqlite, ResultSet? Olap, string? SqliteError, string? OlapError)
{
    public override string ToString() =>
        $"{Verdict}: {Sql}" + (Detail is null ? "" : "\n" + Detail)
        + $"\n-- SQLite: {(SqliteError is not null ? "error: " + SqliteError : Sqlite?.ToString())}"
        + $"\n-- Yoda OLAP: {(OlapError is not null ? "error: " + OlapError : Olap?.ToString())}";
}

/// <summary>
/// The differential oracle: an <see cref="HtapEngine"/> on a temporary SQLite file plus a direct
/// Microsoft.Data.Sqlite connection to the same file. <see cref="LoadAsync"/> creates, registers,
/// fills and syncs a table; <see cref="CompareAsync"/> runs one query on SQLite directly and on
/// <see cref="HtapEngine.QueryOlapAsync(string, CancellationToken)"/> and compares the answers.
/// </summary>
/// <example>
/// <code>
/// await using var oracle = await DifferentialOracle.OpenAsync();
/// await oracle.LoadAsync(table);
/// var c = await oracle.CompareAsync("SELECT c0, COUNT(*) FROM t GROUP BY c0", ordered: false);
/// Assert.True(c.Verdict != Verdict.Mismatch, c.ToString());
/// </code>
/// </example>
public sealed class DifferentialOracle : IAsyncDisposable
{
    private readonly string _directory;

    private DifferentialOracle(string directory, HtapEngine engine, SqliteConnection sqlite)
    {
        _directory = directory;
        Engine = engine;
        Sqlite = sqlite;
    }

    public HtapEngine Engine { get; }

    /// <summary>A connection of its own to the engine's SQLite file: the oracle's side of every comparison.</summary>
    public SqliteConnection Sqlite { get; }

    /// <summary>Opens an engine on a fresh temporary file (<paramref name="configure"/> may change the rest of the configuration).</summary>
    public static async Task<DifferentialOracle> OpenAsync(Func<HtapConfig, HtapConfig>? configure = null, CancellationToken ct = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "yoda-prop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "oracle.db");
        var config = new HtapConfig { OltpPath = path, SyncBatchSize = 100_000, ReadPoolSize = 1 };
        config = configure?.Invoke(config) ?? config;
        var engine = await HtapEngine.OpenAsync(config, ct).ConfigureAwait(false);
        var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await sqlite.OpenAsync(ct).ConfigureAwait(false);
        return new DifferentialOracle(directory, engine, sqlite);
    }

    /// <summary>CREATE TABLE, register, insert the rows and sync until nothing is left to sync.</summary>
    public async Task LoadAsync(GeneratedTable table, CancellationToken ct = default)
    {
        await Engine.ExecuteAsync(table.CreateTableSql(), ct: ct).ConfigureAwait(false);
        await Engine.RegisterTableAsync(table.ToTableSchema(), ct).ConfigureAwait(false);
        var inserts = table.InsertStatements().ToList();
        if (inserts.Count > 0)
        {
            await Engine.ExecuteBatchAsync(inserts, ct).ConfigureAwait(false);
        }

        await SyncAllAsync(Engine, ct).ConfigureAwait(false);
    }

    /// <summary>Calls <see cref="HtapEngine.SyncNowAsync"/> until the lag is 0.</summary>
    public static async Task SyncAllAsync(HtapEngine engine, CancellationToken ct = default)
    {
        for (var i = 0; i < 100_000; i++)
        {
            await engine.SyncNowAsync(ct).ConfigureAwait(false);
            if ((await engine.SyncStatusAsync(ct).ConfigureAwait(false)).Lag == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException("sync does not converge");
    }

    /// <summary>Whether an exception is Yoda's "not supported yet".</summary>
    public static bool IsNotSupported(Exception e) =>
        e is YodaException && e.Message.Contains("not supported yet", StringComparison.Ordinal);

    /// <summary>Runs <paramref name="sql"/> on both engines and compares the answers (as a sequence when <paramref name="ordered"/>).</summary>
    public async Task<Comparison> CompareAsync(string sql, bool ordered, CancellationToken ct = default)
    {
        ResultSet? expected = null;
        string? sqliteError = null;
        try
        {
            expected = ResultSet.FromSqlite(Sqlite, sql);
        }
        catch (SqliteException e)
        {
            sqliteError = e.Message;
        }

        ResultSet? actual = null;
        Exception? olapError = null;
        try
        {
            actual = ResultSet.FromArrow(await Engine.QueryOlapAsync(sql, ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            olapError = e;
        }

        var olapText = olapError is null ? null : $"{olapError.GetType().Name}: {olapError.Message}";
        if (olapError is not null && olapError is not YodaException)
        {
            return new Comparison(Verdict.Mismatch, sql, "Yoda threw " + olapError.GetType().Name + " (expected a YodaException or an answer)\n" + olapError.StackTrace,
                expected, null, sqliteError, olapText);
        }

        if (sqliteError is not null)
        {
            return olapError is not null
                ? new Comparison(Verdict.BothRejected, sql, null, null, null, sqliteError, olapText)
                : new Comparison(Verdict.Mismatch, sql, "SQLite rejected the query, Yoda answered it", null, actual, sqliteError, null);
        }

        if (olapError is not null)
        {
            return IsNotSupported(olapError)
                ? new Comparison(Verdict.Unsupported, sql, null, expected, null, null, olapText)
                : new Comparison(Verdict.Mismatch, sql, "Yoda rejected a query SQLite answers", expected, null, null, olapText);
        }

        // Compared as Arrow results: a column whose class SQLite decides per row is one Arrow type.
        var difference = ResultComparer.Difference(expected!.WithArrowColumnTypes(), actual!, ordered);
        return new Comparison(difference is null ? Verdict.Match : Verdict.Mismatch, sql, difference, expected, actual, null, null);
    }

    public async ValueTask DisposeAsync()
    {
        await Sqlite.DisposeAsync().ConfigureAwait(false);
        await Engine.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open somewhere: the temp cleaner takes it.
        }
    }
}
