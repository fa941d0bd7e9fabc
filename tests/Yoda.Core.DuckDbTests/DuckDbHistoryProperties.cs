using FsCheck.Fluent;
using Xunit.Abstractions;
using Yoda.PropertyTests;
using Yoda.Testing;
using Yoda.Testing.Histories;

namespace Yoda.Core.Tests;

/// <summary>
/// The history properties of <c>Yoda.PropertyTests</c> on a DuckDB file: random writes, rolled-back
/// batches, column changes, reopenings (which continue from the DuckDB file) and syncs; after every
/// sync with no lag DuckDB's table equals SQLite's (destructive), or its current versions do and its
/// history reconstructs every earlier synced state (temporal). Text with NUL characters is left
/// out: the DuckDB backend refuses it (docs/sql-semantics.md), the test of that is in DuckDbBackendTests.
/// </summary>
public sealed class DuckDbHistoryProperties(ITestOutputHelper output)
{
    private static HtapConfig OnDuckDbFile(HtapConfig config) => new()
    {
        OltpPath = config.OltpPath,
        SyncMode = config.SyncMode,
        SyncBatchSize = config.SyncBatchSize,
        ReadPoolSize = config.ReadPoolSize,
        OlapBackend = OlapBackend.DuckDb,
        StoragePath = Path.ChangeExtension(config.OltpPath, ".duckdb"),
    };

    /// <summary>Histories whose SQL writes no text with a NUL character (rendered as <c>CAST(X'…' AS TEXT)</c>; the key pool has one).</summary>
    private static FsCheck.Gen<History> WithoutNulText(FsCheck.Gen<History> histories) =>
        histories.Where(h => !h.ToString().Contains("AS TEXT)", StringComparison.Ordinal));

    private static bool Holds(History h, HistoryRunner.Stats stats) => PropertyRun.Sync(async () =>
    {
        var failure = await HistoryRunner.RunAsync(h, stats, OnDuckDbFile);
        return failure is null ? true : throw new InvalidOperationException(failure);
    });

    [Fact]
    public void Destructive_histories_on_a_duckdb_file_mirror_sqlite()
    {
        var arb = Arb.From(WithoutNulText(HistoryGen.History(SyncMode.Destructive, new DataOptions { MaxColumns = 4, HugeReals = true })), h => h.Shrink());
        var stats = new HistoryRunner.Stats();
        PropertyRun.Check("destructive histories on DuckDB", arb, h => Holds(h, stats), ciCases: 25, output, stats.ToString);
        Assert.True(stats.RowsCompared > 0, "no rows were ever compared");
    }

    [Fact]
    public void Temporal_histories_on_a_duckdb_file_keep_current_versions_and_reconstruct_history()
    {
        var arb = Arb.From(WithoutNulText(HistoryGen.History(SyncMode.Temporal, new DataOptions { MaxColumns = 4, HugeReals = true })), h => h.Shrink());
        var stats = new HistoryRunner.Stats();
        PropertyRun.Check("temporal histories on DuckDB", arb, h => Holds(h, stats), ciCases: 20, output, stats.ToString);
        Assert.True(stats.HistoricalStatesChecked > 0, "no earlier state was ever reconstructed");
    }
}
