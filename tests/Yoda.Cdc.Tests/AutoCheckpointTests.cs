using Microsoft.Data.Sqlite;
using Yoda.Cdc.Sql;

namespace Yoda.Cdc.Tests;

/// <summary>The sync's commit runs without SQLite's automatic checkpoint and gives the setting back, also on failure.</summary>
public sealed class AutoCheckpointTests
{
    [Fact]
    public void The_automatic_checkpoint_is_off_inside_and_restored_after_success_and_failure()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute("PRAGMA wal_autocheckpoint = 500");

        Assert.Equal(0L, connection.WithoutAutoCheckpoint(() => (long)connection.Scalar("PRAGMA wal_autocheckpoint")!));
        Assert.Equal(500L, connection.Scalar("PRAGMA wal_autocheckpoint"));

        Assert.Throws<InvalidOperationException>(() => connection.WithoutAutoCheckpoint<int>(() => throw new InvalidOperationException("fails inside")));
        Assert.Equal(500L, connection.Scalar("PRAGMA wal_autocheckpoint"));
    }
}
