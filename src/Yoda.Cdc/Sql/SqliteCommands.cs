using Microsoft.Data.Sqlite;

namespace Yoda.Cdc.Sql;

/// <summary>
/// Small helpers over a <see cref="SqliteConnection"/>. Transactions are opened with plain
/// <c>BEGIN</c>/<c>COMMIT</c> statements so that every command on the connection joins them
/// without carrying a transaction object around.
/// </summary>
public static class SqliteCommands
{
    public static int Execute(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Create(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static SqliteCommand Create(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs <paramref name="body"/> in a write transaction: all of it commits, or none of it.</summary>
    public static T InWriteTransaction<T>(this SqliteConnection connection, Func<T> body)
    {
        connection.Execute("BEGIN IMMEDIATE");
        try
        {
            var result = body();
            connection.Execute("COMMIT");
            return result;
        }
        catch
        {
            RollbackQuietly(connection);
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> in a read transaction, so every read sees one snapshot.</summary>
    public static T InReadTransaction<T>(this SqliteConnection connection, Func<T> body)
    {
        connection.Execute("BEGIN DEFERRED");
        try
        {
            return body();
        }
        finally
        {
            RollbackQuietly(connection);
        }
    }

    private static void RollbackQuietly(SqliteConnection connection)
    {
        try
        {
            if (!IsAutocommit(connection))
            {
                connection.Execute("ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled back (for example after SQLITE_FULL); nothing is left to undo.
        }
    }

    private static bool IsAutocommit(SqliteConnection connection) =>
        SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0;
}
