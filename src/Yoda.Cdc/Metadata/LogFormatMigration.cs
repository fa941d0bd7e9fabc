using Microsoft.Data.Sqlite;
using Yoda.Cdc.Log;
using Yoda.Cdc.Sql;

namespace Yoda.Cdc;

/// <summary>
/// Brings a log written in format 1 (<c>seq INTEGER PRIMARY KEY AUTOINCREMENT</c>) to format 2
/// inside the caller's write transaction: the events are copied with their sequence numbers into
/// a log without AUTOINCREMENT, and the highest number format 1 issued (<c>sqlite_sequence</c>)
/// stays issued through a <see cref="MetadataSchema.PrunedMarker"/> row when no event holds it.
/// The capture triggers name the log, not its definition, so they stay as they are.
/// </summary>
public static class LogFormatMigration
{
    private const string FormerLog = MetadataSchema.LogTable + "_format1";

    public static void FromFormat1(SqliteConnection connection)
    {
        var issued = connection.Scalar("SELECT seq FROM sqlite_sequence WHERE name = $name", ("$name", MetadataSchema.LogTable)) as long? ?? 0;
        var (keys, values) = LogLayout.Width(connection);
        var columns = string.Join(", ", new[] { "seq", "table_name", "op", "ts", "schema_version" }
            .Concat(LogLayout.KeyColumns(keys)).Concat(LogLayout.RowColumns(values)));

        // With the legacy rename, the triggers' references to the log are not rewritten to the
        // former name: they go on naming the log that replaces it.
        var legacyRename = connection.Scalar("PRAGMA legacy_alter_table");
        connection.Execute("PRAGMA legacy_alter_table = ON");
        try
        {
            connection.Execute($"ALTER TABLE {MetadataSchema.LogTable} RENAME TO {FormerLog}");
        }
        finally
        {
            connection.Execute($"PRAGMA legacy_alter_table = {legacyRename}");
        }

        connection.Execute(MetadataSchema.CreateStatements[0]);
        LogLayout.EnsureWidth(connection, keys, values);
        connection.Execute($"INSERT INTO {MetadataSchema.LogTable}({columns}) SELECT {columns} FROM {FormerLog} ORDER BY seq");
        connection.Execute($"DROP TABLE {FormerLog}");
        if (issued > CdcLogReader.MaxSequence(connection))
        {
            CdcLogReader.InsertMarker(connection, issued);
        }
    }
}
