using Yoda.Cdc.Capture;
using Yoda.Cdc.Sql;
using Yoda.Oltp;

namespace Yoda.Core.Tests;

/// <summary>
/// A write alone runs in a transaction without a savepoint: its failures must leave what
/// autocommit would, and the writer usable.
/// </summary>
public sealed class LoneWriteTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly OltpEngine _oltp;

    public LoneWriteTests()
    {
        _oltp = new OltpEngine(_folder.File("w.db"), readPoolSize: 1, new SchemaGuard(_ => false));
        _oltp.WriteAsync(c => c.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)"), CancellationToken.None).Wait();
    }

    [Theory]
    [InlineData("INSERT OR ROLLBACK INTO t(id, v) VALUES (5, 'x'), (1, 'dup')", "1")]
    [InlineData("INSERT OR ABORT INTO t(id, v) VALUES (5, 'x'), (1, 'dup')", "1")]
    [InlineData("INSERT OR FAIL INTO t(id, v) VALUES (5, 'x'), (1, 'dup')", "1,5")]
    public async Task A_failing_lone_write_keeps_what_autocommit_keeps_and_the_next_write_commits(string sql, string ids)
    {
        await _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (1, 'a')", [], CancellationToken.None);

        await Assert.ThrowsAsync<YodaException>(() => _oltp.ExecuteWriteAsync(sql, [], CancellationToken.None));

        Assert.Equal(ids, await IdsAsync());
        Assert.Equal(1, await _oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (9, 'next')", [], CancellationToken.None));
        Assert.Equal(ids + ",9", await IdsAsync());
        Assert.Equal(1L, await _oltp.WriteAsync(c => SQLitePCL.raw.sqlite3_get_autocommit(c.Handle), CancellationToken.None));
    }

    public void Dispose()
    {
        _oltp.Dispose();
        _folder.Dispose();
    }

    private Task<object?> IdsAsync() =>
        _oltp.ReadAsync(c => c.Scalar("SELECT group_concat(id) FROM (SELECT id FROM t ORDER BY id)"), CancellationToken.None);
}
