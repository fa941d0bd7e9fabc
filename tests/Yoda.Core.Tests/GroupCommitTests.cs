using Microsoft.Data.Sqlite;
using Yoda.Cdc.Capture;
using Yoda.Cdc.Sql;
using Yoda.Oltp;

namespace Yoda.Core.Tests;

/// <summary>
/// Group commit in the single-writer queue: writes queued together share a transaction, yet each
/// caller gets exactly its own result or error, as if its write had run alone.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly OltpEngine _oltp;

    public GroupCommitTests()
    {
        _oltp = new OltpEngine(_folder.File("group.db"), readPoolSize: 1, new SchemaGuard(_ => false));
        _oltp.WriteAsync(c => c.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)"), CancellationToken.None).Wait();
    }

    [Fact]
    public async Task A_failing_write_fails_alone_and_its_neighbours_commit_with_their_own_results()
    {
        var writes = await QueuedBehindABlockedWriterAsync(() => Enumerable.Range(0, 50).Select(i =>
            i == 20
                ? _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (?, NULL)", [(long)i], CancellationToken.None)
                : _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (?, ?)", [(long)i, $"v{i}"], CancellationToken.None)).ToList());

        Assert.True(_oltp.LargestGroup > 1, "the writes were not grouped");
        for (var i = 0; i < writes.Count; i++)
        {
            if (i == 20)
            {
                var error = await Assert.ThrowsAsync<YodaException>(() => writes[i]);
                Assert.Contains("NOT NULL", error.Message);
            }
            else
            {
                Assert.Equal(1, await writes[i]);
            }
        }

        var ids = await _oltp.ReadAsync(c => Ids(c), CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 50).Where(i => i != 20).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task Rows_changed_are_reported_per_write()
    {
        await _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (1, 'a'), (2, 'a'), (3, 'b')", [], CancellationToken.None);
        var writes = await QueuedBehindABlockedWriterAsync(() =>
        [
            _oltp.ExecuteWriteAsync("UPDATE t SET v = 'c' WHERE v = ?", ["a"], CancellationToken.None),
            _oltp.ExecuteWriteAsync("UPDATE t SET v = 'd' WHERE v = ?", ["x"], CancellationToken.None),
            _oltp.ExecuteWriteAsync("DELETE FROM t WHERE v = ?", ["c"], CancellationToken.None),
        ]);

        var changed = await Task.WhenAll(writes);
        Assert.Equal(new[] { 2, 0, 2 }, changed);
        Assert.True(_oltp.LargestGroup > 1, "the writes were not grouped");
    }

    [Fact]
    public async Task A_write_that_rolls_back_the_whole_transaction_does_not_take_its_neighbours_with_it()
    {
        // OR ROLLBACK ends the shared transaction: the writes before it must run again on their own.
        await _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (100, 'taken')", [], CancellationToken.None);
        var writes = await QueuedBehindABlockedWriterAsync(() =>
        [
            _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (?, 'a')", [1L], CancellationToken.None),
            _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (?, 'b')", [2L], CancellationToken.None),
            _oltp.ExecuteWriteAsync("INSERT OR ROLLBACK INTO t(id, v) VALUES (?, 'dup')", [100L], CancellationToken.None),
            _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (?, 'c')", [3L], CancellationToken.None),
        ]);

        Assert.True(_oltp.LargestGroup > 1, "the writes were not grouped");
        Assert.Equal(1, await writes[0]);
        Assert.Equal(1, await writes[1]);
        await Assert.ThrowsAsync<YodaException>(() => writes[2]);
        Assert.Equal(1, await writes[3]);
        var ids = await _oltp.ReadAsync(c => Ids(c), CancellationToken.None);
        Assert.Equal(new[] { 1L, 2L, 3L, 100L }, ids);
    }

    [Fact]
    public void Only_single_data_changing_statements_are_grouped()
    {
        Assert.True(WriteStatementCache.IsSingleWrite("  insert into t values (1);  "));
        Assert.True(WriteStatementCache.IsSingleWrite("DELETE FROM t"));
        Assert.True(WriteStatementCache.IsSingleWrite("replace into t values (1)"));
        Assert.False(WriteStatementCache.IsSingleWrite("INSERT INTO t VALUES (1); COMMIT"));
        Assert.False(WriteStatementCache.IsSingleWrite("BEGIN"));
        Assert.False(WriteStatementCache.IsSingleWrite("CREATE TABLE u(x)"));
        Assert.False(WriteStatementCache.IsSingleWrite("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x"));
        Assert.False(WriteStatementCache.IsSingleWrite("INSERTX INTO t VALUES (1)"));
    }

    public void Dispose()
    {
        _oltp.Dispose();
        _folder.Dispose();
    }

    /// <summary>Queues the writes while the writer is busy, so that they wait together; returns them once it is free.</summary>
    private async Task<List<Task<int>>> QueuedBehindABlockedWriterAsync(Func<List<Task<int>>> queue)
    {
        using var gate = new ManualResetEventSlim();
        var blocker = _oltp.WriteAsync(_ => gate.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        var writes = queue();
        gate.Set();
        await blocker;
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
        return writes;
    }

    private static List<long> Ids(SqliteConnection connection)
    {
        using var command = connection.Create("SELECT id FROM t ORDER BY id");
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
