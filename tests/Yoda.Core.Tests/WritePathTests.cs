using Yoda.Cdc.Capture;
using Yoda.Cdc.Sql;
using Yoda.Oltp;

namespace Yoda.Core.Tests;

/// <summary>
/// The single-write path: a lone write runs at once on the caller's thread, but never ahead of
/// work queued before it, and the commit is still reported with the log position it ended at.
/// </summary>
public sealed class WritePathTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly OltpEngine _oltp;
    private readonly RecordingObserver _observer = new();

    public WritePathTests()
    {
        _oltp = new OltpEngine(_folder.File("w.db"), readPoolSize: 1, new SchemaGuard(_ => false), _observer);
        _oltp.WriteAsync(c => c.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)"), CancellationToken.None).Wait();
    }

    [Fact]
    public async Task A_write_does_not_overtake_work_queued_before_it()
    {
        var order = new List<string>();
        using var gate = new ManualResetEventSlim();
        var blocker = _oltp.WriteAsync(c =>
        {
            gate.Wait(TimeSpan.FromSeconds(30));
            lock (order)
            {
                order.Add("queued work");
            }

            return c.Execute("INSERT INTO t(id, v) VALUES (1, 'first')");
        }, CancellationToken.None);

        var write = _oltp.ExecuteWriteAsync("UPDATE t SET v = 'second' WHERE id = ?", [1L], CancellationToken.None);
        Assert.False(write.IsCompleted, "the write ran while work queued before it had not run");
        gate.Set();

        Assert.Equal(1, await blocker);
        Assert.Equal(1, await write);
        Assert.Equal(["queued work"], order);
        Assert.Equal("second", await _oltp.ReadAsync(c => c.Scalar("SELECT v FROM t WHERE id = 1"), CancellationToken.None));
    }

    [Fact]
    public async Task A_lone_write_completes_before_the_call_returns_and_reports_its_commit()
    {
        var write = _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (?, ?)", [7L, "x"], CancellationToken.None);

        Assert.True(write.IsCompleted, "a write to an idle writer waited for the writer thread");
        Assert.Equal(1, await write);
        Assert.Contains(7L, _observer.Positions);
    }

    [Fact]
    public async Task A_failing_lone_write_changes_nothing_and_gets_its_own_error()
    {
        await _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (1, 'a')", [], CancellationToken.None);

        var error = await Assert.ThrowsAsync<YodaException>(() => _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (?, ?)", [1L, "b"], CancellationToken.None));

        Assert.Contains("UNIQUE", error.Message);
        Assert.Equal("a", await _oltp.ReadAsync(c => c.Scalar("SELECT group_concat(v) FROM t"), CancellationToken.None));
        Assert.Equal(1, await _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (?, ?)", [2L, "c"], CancellationToken.None));
    }

    [Fact]
    public async Task OR_FAIL_keeps_the_rows_before_the_failing_one_alone_or_grouped_as_SQLite_does_in_autocommit()
    {
        await _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (1, 'a')", [], CancellationToken.None);

        await Assert.ThrowsAsync<YodaException>(() => _oltp.ExecuteWriteAsync(
            "INSERT OR FAIL INTO t(id, v) VALUES (5, 'x'), (1, 'dup'), (6, 'y')", [], CancellationToken.None));
        using var gate = new ManualResetEventSlim();
        var blocker = _oltp.WriteAsync(_ => gate.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        var grouped = new[]
        {
            _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (20, 'g')", [], CancellationToken.None),
            _oltp.ExecuteWriteAsync("INSERT OR FAIL INTO t(id, v) VALUES (7, 'x'), (1, 'dup'), (8, 'y')", [], CancellationToken.None),
            _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (21, 'g')", [], CancellationToken.None),
        };
        gate.Set();
        await blocker;

        Assert.Equal(1, await grouped[0]);
        await Assert.ThrowsAsync<YodaException>(() => grouped[1]);
        Assert.Equal(1, await grouped[2]);
        Assert.True(_oltp.LargestGroup > 1, "the writes were not grouped");
        Assert.Equal("1,5,7,20,21", await _oltp.ReadAsync(c => c.Scalar("SELECT group_concat(id) FROM (SELECT id FROM t ORDER BY id)"), CancellationToken.None));
    }

    public void Dispose()
    {
        _oltp.Dispose();
        _folder.Dispose();
    }

    /// <summary>Reports the largest rowid of t as the log position, to see what the engine reads and when.</summary>
    private sealed class RecordingObserver : ICommitObserver
    {
        public List<long> Positions { get; } = [];

        public long LogPosition(Microsoft.Data.Sqlite.SqliteConnection connection) => connection.Scalar("SELECT coalesce(max(id), 0) FROM t") as long? ?? 0;

        public void Committed(long position)
        {
            lock (Positions)
            {
                Positions.Add(position);
            }
        }
    }
}
