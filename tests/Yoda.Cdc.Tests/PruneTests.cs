using Microsoft.Data.Sqlite;
using Yoda.Cdc.Log;
using Yoda.Cdc.Sql;

namespace Yoda.Cdc.Tests;

/// <summary>
/// Pruning through a watermark deletes exactly the events up to it and counts them (not the
/// marker row), whether it takes part of the log or all of it; a log pruned empty keeps its
/// highest sequence number in a marker row.
/// </summary>
public sealed class PruneTests : IDisposable
{
    private readonly InMemoryLog _memory = new();
    private readonly SqliteConnection _log;

    public PruneTests() => _log = _memory.Connection;

    public void Dispose() => _memory.Dispose();

    [Fact]
    public void Part_of_the_log_then_all_of_it_then_past_a_marker()
    {
        Events(1, 100);
        Assert.Equal(40, Prune(40));
        Assert.Equal(Enumerable.Range(41, 60).Select(s => ((long)s, "I")), Log());

        Assert.Equal(60, Prune(100));
        Assert.Equal([(100L, MetadataSchema.PrunedMarker)], Log());

        Events(101, 150);
        Assert.Equal(20, Prune(120)); // the marker goes too, uncounted
        Assert.Equal(Enumerable.Range(121, 30).Select(s => ((long)s, "I")), Log());

        Assert.Equal(30, Prune(200)); // a watermark past the log's end takes all of it
        Assert.Equal([(150L, MetadataSchema.PrunedMarker)], Log());
        Assert.Equal(0, Prune(150));
        Assert.Equal([(150L, MetadataSchema.PrunedMarker)], Log());
    }

    [Fact]
    public void An_empty_log_prunes_nothing_and_gets_no_marker()
    {
        Assert.Equal(0, Prune(10));
        Assert.Empty(Log());
    }

    [Fact]
    public void A_prune_that_is_rolled_back_deletes_nothing()
    {
        Events(1, 50);
        using (var transaction = _log.BeginTransaction())
        {
            Assert.Equal(50, CdcLogReader.PruneThrough(_log, 50));
            transaction.Rollback();
        }

        Assert.Equal(50, Log().Count);
    }

    private long Prune(long watermark)
    {
        using var transaction = _log.BeginTransaction();
        var pruned = CdcLogReader.PruneThrough(_log, watermark);
        transaction.Commit();
        return pruned;
    }

    private void Events(long from, long through) => _memory.Insert(from, through);

    private List<(long Sequence, string Op)> Log()
    {
        using var command = _log.Create($"SELECT seq, op FROM {MetadataSchema.LogTable} ORDER BY seq");
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }
}
