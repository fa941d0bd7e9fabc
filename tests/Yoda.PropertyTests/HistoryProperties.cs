using FsCheck.Fluent;
using Xunit.Abstractions;
using Yoda.Testing;
using Yoda.Testing.Histories;

namespace Yoda.PropertyTests;

/// <summary>
/// Write histories replayed through SQLite and synced to OLAP: after every sync that leaves no lag
/// the OLAP table equals SQLite's (destructive), or its current versions do and its history
/// reconstructs every earlier synced state (temporal).
/// </summary>
public sealed class HistoryProperties(ITestOutputHelper output)
{
    private static bool Holds(History h, HistoryRunner.Stats stats) => PropertyRun.Sync(async () =>
    {
        var failure = await HistoryRunner.RunAsync(h, stats);
        return failure is null ? true : throw new InvalidOperationException(failure);
    });

    [Fact]
    public void Destructive_sync_mirrors_sqlite()
    {
        var arb = Arb.From(HistoryGen.History(SyncMode.Destructive, new DataOptions { MaxColumns = 4, HugeReals = true, TextWithNul = true }), h => h.Shrink());
        var stats = new HistoryRunner.Stats();
        PropertyRun.Check("destructive histories", arb, h => Holds(h, stats), ciCases: 60, output, stats.ToString);
        Assert.True(stats.RowsCompared > 0, "no rows were ever compared");
    }

    [Fact]
    public void Temporal_sync_keeps_current_versions_and_reconstructs_history()
    {
        var arb = Arb.From(HistoryGen.History(SyncMode.Temporal, new DataOptions { MaxColumns = 4, HugeReals = true, TextWithNul = true }), h => h.Shrink());
        var stats = new HistoryRunner.Stats();
        PropertyRun.Check("temporal histories", arb, h => Holds(h, stats), ciCases: 40, output, stats.ToString);
        Assert.True(stats.HistoricalStatesChecked > 0, "no earlier state was ever reconstructed");
    }
}
