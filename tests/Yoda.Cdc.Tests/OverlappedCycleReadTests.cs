using Apache.Arrow.Types;
using Microsoft.Data.Sqlite;
using Yoda.Cdc.Log;
using Yoda.Cdc.Merge;
using Yoda.Cdc.Registration;
using Yoda.Cdc.Sql;
using Yoda.Cdc.Sync;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Tests;

/// <summary>
/// A cycle read in blocks while the blocks already read are staged gives what reading the whole
/// batch and staging it at once gives; a failure in either half (or a cancellation) leaves the
/// table exactly as it was and no writer open.
/// </summary>
public sealed class OverlappedCycleReadTests : IDisposable
{
    private readonly SqliteConnection _log = new("Data Source=:memory:");
    private readonly ReplicatedTable _registration = ReplicatedTable.Create(
        "t", [new("k", Int64Type.Default, false), new("v", StringType.Default, true)], ["k"], null);

    public OverlappedCycleReadTests()
    {
        _log.Open();
        foreach (var statement in MetadataSchema.CreateStatements)
        {
            _log.Execute(statement);
        }

        LogLayout.EnsureWidth(_log, 1, 2);
    }

    public void Dispose() => _log.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(7, 3)]
    [InlineData(1000, 2)]
    public async Task Cycles_read_in_blocks_apply_what_one_read_applies(int blockEvents, int buffers)
    {
        for (var k = 0; k < 120; k++)
        {
            Log("I", null, k, "v" + k);
            if (k % 3 == 0)
            {
                Log("U", k, k, "u" + k);
            }

            if (k % 5 == 0)
            {
                Log("D", k / 2, k / 2, null);
            }
        }

        var overlapped = Replicas();
        var whole = Replicas();
        var read = new OverlappedCycleRead(blockEvents, buffers);
        long watermark = 0;
        var boundaries = new SortedSet<long> { 40, 95, 96, 170 };
        while (true)
        {
            var (changes, extent) = await RunAsync(read, watermark, 50, overlapped, boundaries);
            if (extent.Count == 0)
            {
                Assert.Null(changes);
                break;
            }

            var expected = CdcLogReader.ReadAfter(_log, watermark, 50);
            Assert.Equal(expected.Count == 50, extent.Full);
            if (extent.Full && boundaries.GetViewBetween(expected[0].Sequence, expected[^1].Sequence) is { Count: > 0 } within)
            {
                expected.RemoveAll(e => e.Sequence > within.Max);
            }

            Assert.Equal(expected.Count, extent.Count);
            Assert.Equal(expected[^1].Sequence, extent.Last);
            using (changes)
            {
                changes!.Publish();
            }

            using (var once = ChangeApplier.Prepare(expected.ToArray(), whole, new DestructiveMerge(), CancellationToken.None))
            {
                once.Publish();
            }

            Assert.Equal(Rows(whole), Rows(overlapped));
            watermark = extent.Last;
        }

        Assert.Equal(120 - 24, Rows(overlapped).Count);
    }

    [Fact]
    public async Task A_read_that_fails_midway_leaves_the_table_unchanged()
    {
        for (var k = 0; k < 40; k++)
        {
            Log(k == 30 ? "X" : "I", null, k, "v");
        }

        var replicas = Replicas();
        var before = replicas["t"].Olap.Current;
        var error = await Assert.ThrowsAsync<YodaException>(() => RunAsync(new OverlappedCycleRead(4, 2), 0, 100, replicas, []));
        Assert.Contains("cannot be decoded", error.Message);
        AssertUnchanged(replicas, before);
    }

    [Fact]
    public async Task Staging_that_fails_while_the_read_waits_for_a_buffer_reports_the_staging_error_and_changes_nothing()
    {
        for (var k = 0; k < 40; k++)
        {
            Log("I", null, k == 10 ? "not a number" : k, "v");
        }

        var replicas = Replicas();
        var before = replicas["t"].Olap.Current;
        var error = await Assert.ThrowsAsync<YodaException>(() => RunAsync(new OverlappedCycleRead(2, 1), 0, 100, replicas, []));
        Assert.Contains("applying CDC event 11", error.Message);
        AssertUnchanged(replicas, before);
    }

    [Fact]
    public async Task A_cancelled_cycle_changes_nothing()
    {
        for (var k = 0; k < 40; k++)
        {
            Log("I", null, k, "v");
        }

        var replicas = Replicas();
        var before = replicas["t"].Olap.Current;
        using var cancel = new CancellationTokenSource();
        var read = new OverlappedCycleRead(4, 1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.RunAsync(
            (work, ct) => Task.Run(() =>
            {
                cancel.Cancel();
                return work(_log);
            }),
            0,
            100,
            (_, _) => null,
            replicas,
            new DestructiveMerge(),
            cancel.Token));
        AssertUnchanged(replicas, before);
    }

    private static void AssertUnchanged(Dictionary<string, TableReplica> replicas, TableSnapshot before)
    {
        var table = replicas["t"].Olap;
        Assert.Same(before, table.Current);
        using var writer = table.BeginWrite(); // no writer was left open
        Assert.Equal(0, table.KeyCount);
    }

    private Task<(PreparedChanges? Changes, CycleExtent Extent)> RunAsync(
        OverlappedCycleRead read, long watermark, int limit, Dictionary<string, TableReplica> replicas, SortedSet<long> boundaries) =>
        read.RunAsync(
            (work, ct) => Task.Run(() => work(_log), ct),
            watermark,
            limit,
            (first, last) => boundaries.GetViewBetween(first, last) is { Count: > 0 } view ? view.Max : null,
            replicas,
            new DestructiveMerge(),
            CancellationToken.None);

    private Dictionary<string, TableReplica> Replicas() =>
        new(StringComparer.OrdinalIgnoreCase) { ["t"] = new TableReplica(_registration, new ColumnarTable("t", _registration.ToOlapSchema(false), 16)) };

    private static SortedDictionary<long, string?> Rows(Dictionary<string, TableReplica> replicas)
    {
        var table = replicas["t"].Olap;
        using var reader = table.BeginWrite();
        return new SortedDictionary<long, string?>(table.PublishedIndex.ToDictionary(
            entry => entry.Key.TryGetInteger(out var k) ? k : throw new InvalidOperationException("integer keys only"),
            entry => (string?)reader.ReadRow(entry.Value)[1]));
    }

    private void Log(string op, long? oldKey, object key, string? value) =>
        _log.Execute(
            $"INSERT INTO {MetadataSchema.LogTable}(table_name, op, ts, schema_version, k0, v0, v1) VALUES ('t', $op, 1, $version, $old, $k, $v)",
            ("$op", op), ("$version", _registration.SchemaVersion), ("$old", oldKey), ("$k", key), ("$v", value));
}
