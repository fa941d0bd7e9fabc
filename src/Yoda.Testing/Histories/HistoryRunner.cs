using System.Globalization;
using Yoda.Testing.Comparison;

namespace Yoda.Testing.Histories;

/// <summary>
/// Replays a <see cref="History"/> on a fresh in-memory engine and checks, after every sync that
/// leaves no lag: destructive mode — the OLAP table equals the SQLite table; temporal mode — the
/// current versions equal it, and the history reconstructs every earlier synced state.
/// </summary>
public static class HistoryRunner
{
    /// <summary>Counters over many runs (thread-safe), to show that a property is not vacuous.</summary>
    public sealed class Stats
    {
        public long Writes, RejectedWrites, RolledBackBatches, SchemaChanges, Reopens, Syncs, Checks, RowsCompared, HistoricalStatesChecked;

        public override string ToString() =>
            $"{Writes} writes ({RejectedWrites} rejected by a constraint), {RolledBackBatches} rolled-back batches, {SchemaChanges} column changes, {Reopens} reopens, {Syncs} syncs, "
            + $"{Checks} checks at lag 0 comparing {RowsCompared} rows, {HistoricalStatesChecked} earlier states reconstructed";
    }

    private static readonly string[] TemporalColumns = ["_yoda_valid_from", "_yoda_valid_to", "_yoda_operation"];

    /// <summary>Null when the history holds; otherwise a description of the first violation.</summary>
    public static async Task<string?> RunAsync(History history, CancellationToken ct = default) =>
        await RunAsync(history, null, ct).ConfigureAwait(false);

    /// <inheritdoc cref="RunAsync(History, CancellationToken)"/>
    public static async Task<string?> RunAsync(History history, Stats? stats, CancellationToken ct = default) =>
        await RunAsync(history, stats, null, ct).ConfigureAwait(false);

    /// <summary>
    /// Replays <paramref name="history"/> on an engine over a temporary SQLite file;
    /// <paramref name="configure"/> may change the configuration (storage mode, ...).
    /// </summary>
    /// <remarks>
    /// With in-memory OLAP storage, reopening rebuilds OLAP from SQLite, so a temporal history
    /// restarts at the reopening (README, "Reopening"): earlier states are checked up to it only.
    /// </remarks>
    public static async Task<string?> RunAsync(History history, Stats? stats, Func<HtapConfig, HtapConfig>? configure, CancellationToken ct = default)
    {
        stats ??= new Stats();
        var directory = Path.Combine(Path.GetTempPath(), "yoda-history-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var config = new HtapConfig
        {
            OltpPath = Path.Combine(directory, "history.db"),
            SyncMode = history.Mode,
            SyncBatchSize = history.SyncBatchSize,
            ReadPoolSize = 1,
        };
        config = configure?.Invoke(config) ?? config;
        var engine = await HtapEngine.OpenAsync(config, ct).ConfigureAwait(false);
        try
        {
            return await ReplayAsync(history, stats, config, engine, e => engine = e, ct).ConfigureAwait(false);
        }
        finally
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            TryDelete(directory);
        }
    }

    private static async Task<string?> ReplayAsync(History history, Stats stats, HtapConfig config, HtapEngine engine, Action<HtapEngine> reopened, CancellationToken ct)
    {
        var t = history.Table;
        await engine.ExecuteAsync(t.CreateTableSql(), ct: ct).ConfigureAwait(false);
        await engine.RegisterTableAsync(t.ToTableSchema(), ct).ConfigureAwait(false);
        var columns = t.Columns.Select(c => c.Name).ToList();
        var snapshots = new List<Snapshot>();

        var steps = history.Steps.Append(new SyncStep(true)).ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            switch (steps[i])
            {
                case WriteStep w:
                    try
                    {
                        Interlocked.Increment(ref stats.Writes);
                        await engine.ExecuteAsync(w.Sql, ct: ct).ConfigureAwait(false);
                    }
                    catch (YodaException e) when (e.Message.Contains("constraint", StringComparison.OrdinalIgnoreCase))
                    {
                        Interlocked.Increment(ref stats.RejectedWrites);
                        // A key collision: SQLite rolled the statement back; nothing was captured.
                    }

                    break;
                case RolledBackBatchStep b:
                    try
                    {
                        await engine.ExecuteBatchAsync([.. b.Statements, RolledBackBatchStep.FailingStatement], ct).ConfigureAwait(false);
                        return $"step {i + 1}: a batch ending in a failing statement did not fail";
                    }
                    catch (YodaException)
                    {
                        // Expected: all or nothing.
                        Interlocked.Increment(ref stats.RolledBackBatches);
                    }

                    break;
                case AddColumnStep add:
                    Interlocked.Increment(ref stats.SchemaChanges);
                    await engine.AddColumnAsync(t.Name, add.Column.Name, add.Column.Type.Name, ct).ConfigureAwait(false);
                    columns.Add(add.Column.Name);
                    break;
                case DropColumnStep drop:
                    Interlocked.Increment(ref stats.SchemaChanges);
                    await engine.DropColumnAsync(t.Name, drop.Column, ct).ConfigureAwait(false);
                    columns.Remove(drop.Column);
                    break;
                case ReopenStep:
                    Interlocked.Increment(ref stats.Reopens);
                    await engine.DisposeAsync().ConfigureAwait(false);
                    engine = await HtapEngine.OpenAsync(config, ct).ConfigureAwait(false);
                    reopened(engine);
                    if (config.StorageMode == StorageMode.InMemory)
                    {
                        snapshots.Clear();
                    }

                    break;
                case SyncStep s:
                    Interlocked.Increment(ref stats.Syncs);
                    if (s.Drain)
                    {
                        await DifferentialOracle.SyncAllAsync(engine, ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await engine.SyncNowAsync(ct).ConfigureAwait(false);
                    }

                    if ((await engine.SyncStatusAsync(ct).ConfigureAwait(false)).Lag != 0)
                    {
                        break;
                    }

                    var sqlite = ResultSet.FromArrow(await engine.QueryOltpAsync($"SELECT {string.Join(", ", columns)} FROM {t.Name}", ct: ct).ConfigureAwait(false));
                    sqlite = sqlite with { Columns = columns.ToList() };
                    Interlocked.Increment(ref stats.Checks);
                    Interlocked.Add(ref stats.RowsCompared, sqlite.Rows.Count);
                    var failure = history.Mode == SyncMode.Destructive
                        ? await CheckDestructiveAsync(engine, t, sqlite, ct).ConfigureAwait(false)
                        : await CheckTemporalAsync(engine, t, sqlite, snapshots, i, stats, ct).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        return $"after step {i + 1} ({steps[i]}): {failure}";
                    }

                    // Timestamps have millisecond resolution: later writes must get a later one.
                    await Task.Delay(3, ct).ConfigureAwait(false);
                    break;
            }
        }

        return null;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open somewhere: the temp cleaner takes it.
        }
    }

    /// <summary>An earlier synced state: the time it was current, SQLite's rows (named columns) then, and the step.</summary>
    private sealed record Snapshot(long T, ResultSet Rows, int Step);

    private static async Task<ResultSet> OlapAsync(HtapEngine engine, string sql, IReadOnlyList<string> columns, CancellationToken ct)
    {
        var result = ResultSet.FromArrow(await engine.QueryOlapAsync(sql, ct).ConfigureAwait(false));
        return result.Columns.Count == 0 ? result with { Columns = columns } : result;
    }

    // sqlite: SQLite's table now, its columns named (the table's current columns).
    private static async Task<string?> CheckDestructiveAsync(HtapEngine engine, GeneratedTable t, ResultSet sqlite, CancellationToken ct)
    {
        var olap = await OlapAsync(engine, $"SELECT * FROM {t.Name}", sqlite.Columns, ct).ConfigureAwait(false);
        var diff = ResultComparer.Difference(sqlite, olap, ordered: false);
        return diff is null ? null : $"OLAP table differs from SQLite: {diff}\n-- SQLite: {sqlite}\n-- OLAP: {olap}";
    }

    // An earlier state is compared on the columns it had that the table still has (a dropped
    // column leaves OLAP with the rest of its history; an added one is NULL in earlier versions).
    private static async Task<string?> CheckTemporalAsync(HtapEngine engine, GeneratedTable t, ResultSet sqlite,
        List<Snapshot> snapshots, int step, Stats stats, CancellationToken ct)
    {
        var columns = string.Join(", ", sqlite.Columns);
        var all = await OlapAsync(engine, $"SELECT * FROM {t.Name}", sqlite.Columns, ct).ConfigureAwait(false);
        var expectedNames = sqlite.Columns.Concat(TemporalColumns).ToList();
        if (!all.Columns.SequenceEqual(expectedNames))
        {
            return $"SELECT * columns: expected [{string.Join(", ", expectedNames)}], got [{string.Join(", ", all.Columns)}]";
        }

        var current = await OlapAsync(engine, $"SELECT {columns} FROM {t.Name} WHERE _yoda_valid_to IS NULL", sqlite.Columns, ct).ConfigureAwait(false);
        var diff = ResultComparer.Difference(sqlite, current, ordered: false);
        if (diff is not null)
        {
            return $"current versions differ from SQLite: {diff}\n-- SQLite: {sqlite}\n-- OLAP (all versions): {all}";
        }

        var max = await OlapAsync(engine, $"SELECT MAX(_yoda_valid_from) FROM {t.Name}", ["max"], ct).ConfigureAwait(false);
        if (max.Rows.Count == 1 && max.Rows[0][0] is long tMax)
        {
            snapshots.Add(new Snapshot(tMax, sqlite, step));
        }

        foreach (var (T, saved, at) in snapshots)
        {
            var kept = saved.Columns.Where(sqlite.Columns.Contains).ToList();
            if (kept.Count == 0)
            {
                continue;
            }

            var ts = T.ToString(CultureInfo.InvariantCulture);
            var sql = $"SELECT {string.Join(", ", kept)} FROM {t.Name} WHERE _yoda_valid_from <= {ts} AND (_yoda_valid_to IS NULL OR _yoda_valid_to > {ts}) AND _yoda_operation <> 'D'";
            var asOf = await OlapAsync(engine, sql, kept, ct).ConfigureAwait(false);
            Interlocked.Increment(ref stats.HistoricalStatesChecked);
            var expected = Project(saved, kept);
            var d = ResultComparer.Difference(expected, asOf, ordered: false);
            if (d is not null)
            {
                return $"the state as of T = {ts} (saved after step {at + 1}) is not reconstructed: {d}\n-- query: {sql}\n-- saved SQLite state: {expected}\n-- OLAP (all versions): {all}";
            }
        }

        return null;
    }

    private static ResultSet Project(ResultSet rows, List<string> columns)
    {
        var indexes = columns.Select(c => rows.Columns.ToList().IndexOf(c)).ToArray();
        return new ResultSet(columns, rows.Rows.Select(r => indexes.Select(i => r[i]).ToArray()).ToList());
    }
}
