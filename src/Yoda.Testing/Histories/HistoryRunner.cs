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
        public long Writes, RejectedWrites, RolledBackBatches, Syncs, Checks, RowsCompared, HistoricalStatesChecked;

        public override string ToString() =>
            $"{Writes} writes ({RejectedWrites} rejected by a constraint), {RolledBackBatches} rolled-back batches, {Syncs} syncs, "
            + $"{Checks} checks at lag 0 comparing {RowsCompared} rows, {HistoricalStatesChecked} earlier states reconstructed";
    }

    private static readonly string[] TemporalColumns = ["_yoda_valid_from", "_yoda_valid_to", "_yoda_operation"];

    /// <summary>Null when the history holds; otherwise a description of the first violation.</summary>
    public static async Task<string?> RunAsync(History history, CancellationToken ct = default) =>
        await RunAsync(history, null, ct).ConfigureAwait(false);

    /// <inheritdoc cref="RunAsync(History, CancellationToken)"/>
    public static async Task<string?> RunAsync(History history, Stats? stats, CancellationToken ct = default)
    {
        stats ??= new Stats();
        var config = new HtapConfig { OltpPath = ":memory:", SyncMode = history.Mode, SyncBatchSize = history.SyncBatchSize };
        await using var engine = await HtapEngine.OpenAsync(config, ct).ConfigureAwait(false);
        var t = history.Table;
        await engine.ExecuteAsync(t.CreateTableSql(), ct: ct).ConfigureAwait(false);
        await engine.RegisterTableAsync(t.ToTableSchema(), ct).ConfigureAwait(false);
        var columns = string.Join(", ", t.Columns.Select(c => c.Name));
        var snapshots = new List<(long T, ResultSet Rows, int Step)>();

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

                    var sqlite = ResultSet.FromArrow(await engine.QueryOltpAsync($"SELECT {columns} FROM {t.Name}", ct: ct).ConfigureAwait(false));
                    sqlite = sqlite with { Columns = t.Columns.Select(c => c.Name).ToList() };
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

    private static async Task<ResultSet> OlapAsync(HtapEngine engine, string sql, GeneratedTable t, CancellationToken ct)
    {
        var result = ResultSet.FromArrow(await engine.QueryOlapAsync(sql, ct).ConfigureAwait(false));
        if (result.Columns.Count == 0)
        {
            result = result with { Columns = t.Columns.Select(c => c.Name).ToList() };
        }

        return result;
    }

    private static async Task<string?> CheckDestructiveAsync(HtapEngine engine, GeneratedTable t, ResultSet sqlite, CancellationToken ct)
    {
        var olap = await OlapAsync(engine, $"SELECT * FROM {t.Name}", t, ct).ConfigureAwait(false);
        var diff = ResultComparer.Difference(sqlite, olap, ordered: false);
        return diff is null ? null : $"OLAP table differs from SQLite: {diff}\n-- SQLite: {sqlite}\n-- OLAP: {olap}";
    }

    private static async Task<string?> CheckTemporalAsync(HtapEngine engine, GeneratedTable t, ResultSet sqlite,
        List<(long T, ResultSet Rows, int Step)> snapshots, int step, Stats stats, CancellationToken ct)
    {
        var columns = string.Join(", ", t.Columns.Select(c => c.Name));
        var all = await OlapAsync(engine, $"SELECT * FROM {t.Name}", t, ct).ConfigureAwait(false);
        var expectedNames = t.Columns.Select(c => c.Name).Concat(TemporalColumns).ToList();
        if (!all.Columns.SequenceEqual(expectedNames))
        {
            return $"SELECT * columns: expected [{string.Join(", ", expectedNames)}], got [{string.Join(", ", all.Columns)}]";
        }

        var current = await OlapAsync(engine, $"SELECT {columns} FROM {t.Name} WHERE _yoda_valid_to IS NULL", t, ct).ConfigureAwait(false);
        var diff = ResultComparer.Difference(sqlite, current, ordered: false);
        if (diff is not null)
        {
            return $"current versions differ from SQLite: {diff}\n-- SQLite: {sqlite}\n-- OLAP (all versions): {all}";
        }

        var max = await OlapAsync(engine, $"SELECT MAX(_yoda_valid_from) FROM {t.Name}", t, ct).ConfigureAwait(false);
        if (max.Rows.Count == 1 && max.Rows[0][0] is long tMax)
        {
            snapshots.Add((tMax, sqlite, step));
        }

        foreach (var (T, rows, at) in snapshots)
        {
            var ts = T.ToString(CultureInfo.InvariantCulture);
            var sql = $"SELECT {columns} FROM {t.Name} WHERE _yoda_valid_from <= {ts} AND (_yoda_valid_to IS NULL OR _yoda_valid_to > {ts}) AND _yoda_operation <> 'D'";
            var asOf = await OlapAsync(engine, sql, t, ct).ConfigureAwait(false);
            Interlocked.Increment(ref stats.HistoricalStatesChecked);
            var d = ResultComparer.Difference(rows, asOf, ordered: false);
            if (d is not null)
            {
                return $"the state as of T = {ts} (saved after step {at + 1}) is not reconstructed: {d}\n-- query: {sql}\n-- saved SQLite state: {rows}\n-- OLAP (all versions): {all}";
            }
        }

        return null;
    }
}
