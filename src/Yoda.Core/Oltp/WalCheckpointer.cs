using Microsoft.Data.Sqlite;
using Yoda.Cdc.Sql;

namespace Yoda.Oltp;

/// <summary>
/// Checkpoints the WAL of a file database from its own connection and thread, so that no write
/// waits for a checkpoint: the write connection's automatic checkpoint (run inside the commit
/// that crosses 1,000 WAL pages, with two fsyncs) is off, and a passive checkpoint runs here at
/// most every <see cref="Period"/> while writes commit. Durability is unchanged: in WAL mode with
/// <c>synchronous = NORMAL</c> a commit is not synced either way, and a checkpoint syncs the WAL
/// before it copies it, wherever it runs.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly SqliteConnection _connection;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private int _written;

    /// <param name="connection">A read-write connection of its own to the database file, taken over by this checkpointer.</param>
    public WalCheckpointer(SqliteConnection connection)
    {
        _connection = connection;
        _thread = new Thread(Run) { IsBackground = true, Name = "yoda-wal-checkpoint" };
        _thread.Start();
    }

    /// <summary>Tells the checkpointer that the write connection may have committed.</summary>
    public void Written() => Volatile.Write(ref _written, 1);

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _connection.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.Wait(Period))
        {
            if (Interlocked.Exchange(ref _written, 0) == 0)
            {
                continue;
            }

            try
            {
                _connection.Execute("PRAGMA wal_checkpoint(PASSIVE)");
            }
            catch (SqliteException)
            {
                // Busy or failing: the frames stay in the WAL, readable, and the next round copies them.
                Volatile.Write(ref _written, 1);
            }
        }
    }
}
