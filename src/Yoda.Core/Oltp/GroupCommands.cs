using Microsoft.Data.Sqlite;

namespace Yoda.Oltp;

/// <summary>The prepared transaction statements of a group commit on the write connection.</summary>
internal sealed class GroupCommands(SqliteConnection connection) : IDisposable
{
    public SqliteCommand Begin { get; } = Create(connection, "BEGIN IMMEDIATE");

    public SqliteCommand Savepoint { get; } = Create(connection, "SAVEPOINT yoda_group_write");

    public SqliteCommand Release { get; } = Create(connection, "RELEASE yoda_group_write");

    public SqliteCommand Commit { get; } = Create(connection, "COMMIT");

    public SqliteCommand Rollback { get; } = Create(connection, "ROLLBACK");

    public void Dispose()
    {
        foreach (var command in new[] { Begin, Savepoint, Release, Commit, Rollback })
        {
            command.Dispose();
        }
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
