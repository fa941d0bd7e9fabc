using Microsoft.Data.Sqlite;

namespace Yoda.Oltp;

/// <summary>Learns where the CDC log stands after each commit on the write connection.</summary>
internal interface ICommitObserver
{
    /// <summary>The last log sequence number issued, read on the write connection (inside the committing transaction when there is one).</summary>
    long LogPosition(SqliteConnection connection);

    /// <summary>A transaction committed with the log at <paramref name="position"/>.</summary>
    void Committed(long position);
}
