using Yoda.Cdc.Capture;
using Yoda.Cdc.Sql;
using Yoda.Oltp;

namespace Yoda.Core.Tests;

/// <summary>
/// The write connection never checkpoints the WAL inside a commit (which waits for fsyncs); a
/// checkpointer of its own copies committed pages into the database file in the background.
/// </summary>
public sealed class WalCheckpointTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task Committed_pages_reach_the_database_file_while_the_writer_never_checkpoints()
    {
        var path = _folder.File("w.db");
        using var oltp = new OltpEngine(path, readPoolSize: 1, new SchemaGuard(_ => false));
        await oltp.WriteAsync(c => c.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)"), CancellationToken.None);
        var before = new FileInfo(path).Length;

        for (var i = 0; i < 500; i++)
        {
            await oltp.ExecuteWriteAsync("INSERT INTO t(id, v) VALUES (?, ?)", [(long)i, new string('x', 400)], CancellationToken.None);
        }

        Assert.Equal(0L, await oltp.WriteAsync(c => c.Scalar("PRAGMA wal_autocheckpoint"), CancellationToken.None));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(path).Length < before + (40 * 4096) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(new FileInfo(path).Length >= before + (40 * 4096), $"the database file stayed at {new FileInfo(path).Length} bytes");
        Assert.Equal(500L, await oltp.ReadAsync(c => c.Scalar("SELECT count(*) FROM t"), CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();
}
