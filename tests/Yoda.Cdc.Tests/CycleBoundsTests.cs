using Microsoft.Data.Sqlite;
using Yoda.Cdc.Log;
using Yoda.Cdc.Sql;
using Yoda.Cdc.Sync;

namespace Yoda.Cdc.Tests;

/// <summary>
/// Where a cycle ends: at the end of the log when every waiting event fits in the batch (no walk
/// through the batch), else on the batch's last known transaction boundary, splitting only a
/// transaction larger than the batch.
/// </summary>
public sealed class CycleBoundsTests : IDisposable
{
    private readonly InMemoryLog _memory = new();
    private readonly SqliteConnection _log;

    public CycleBoundsTests() => _log = _memory.Connection;

    public void Dispose() => _memory.Dispose();

    [Fact]
    public void An_empty_backlog_has_no_bounds()
    {
        Events(1, 10);
        Assert.Null(OverlappedCycleRead.Bounds(_log, 10, 100, NoBoundary));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(10)] // exactly the batch: nothing more waits, so the batch is not full
    public void A_backlog_within_the_batch_ends_at_the_end_of_the_log_whatever_the_known_boundaries(int waiting)
    {
        Events(1, 20 + waiting);
        var asked = false;
        var bounds = OverlappedCycleRead.Bounds(_log, 20, 10, (_, _) =>
        {
            asked = true;
            return 21;
        });
        Assert.Equal((21L, 20L + waiting, false), bounds);
        Assert.False(asked);
    }

    [Fact]
    public void A_backlog_beyond_the_batch_ends_on_the_last_boundary_within_the_batch()
    {
        Events(1, 30);
        (long, long)? asked = null;
        var bounds = OverlappedCycleRead.Bounds(_log, 0, 10, (first, last) =>
        {
            asked = (first, last);
            return 7;
        });
        Assert.Equal((1L, 10L), asked);
        Assert.Equal((1L, 7L, true), bounds);
    }

    [Fact]
    public void A_transaction_straddling_the_batch_size_is_left_to_the_next_cycle()
    {
        // Transactions end at 4 and at 14: the batch of 10 would cut the second one at 10.
        Events(1, 14);
        var boundaries = new SortedSet<long> { 4, 14 };
        var bounds = OverlappedCycleRead.Bounds(_log, 0, 10, (first, last) => boundaries.GetViewBetween(first, last) is { Count: > 0 } v ? v.Max : null);
        Assert.Equal((1L, 4L, true), bounds);
    }

    [Fact]
    public void A_transaction_larger_than_the_batch_is_split_at_the_batch_size()
    {
        Events(1, 25);
        Assert.Equal((1L, 10L, true), OverlappedCycleRead.Bounds(_log, 0, 10, NoBoundary));
    }

    [Fact]
    public void Gaps_in_the_sequence_numbers_count_events_not_numbers()
    {
        // Seven events spread over 1..70: more numbers than the batch, fewer events.
        for (var seq = 10; seq <= 70; seq += 10)
        {
            Event(seq);
        }

        Assert.Equal((10L, 70L, false), OverlappedCycleRead.Bounds(_log, 0, 8, NoBoundary));
        Assert.Equal((10L, 50L, true), OverlappedCycleRead.Bounds(_log, 0, 5, NoBoundary));
    }

    private static long? NoBoundary(long first, long last) => null;

    private void Events(long from, long through) => _memory.Insert(from, through);

    private void Event(long seq) => _memory.Insert(seq, seq);
}
