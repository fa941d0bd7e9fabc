using Microsoft.Data.Sqlite;
using Yoda.Cdc.Sql;

namespace Yoda.Cdc.Log;

/// <summary>Reads CDC events from the log in sequence order.</summary>
public static class CdcLogReader
{
    public static List<CdcEvent> ReadAfter(SqliteConnection connection, long watermark, int limit)
    {
        var (keys, values) = LogLayout.Width(connection);
        var columns = string.Concat(LogLayout.KeyColumns(keys).Concat(LogLayout.RowColumns(values)).Select(c => ", " + c));
        using var command = connection.Create(
            $"SELECT seq, table_name, op, ts, schema_version{columns} FROM {MetadataSchema.LogTable} "
            + "WHERE seq > $watermark ORDER BY seq LIMIT $limit",
            ("$watermark", watermark), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var events = new List<CdcEvent>();
        while (reader.Read())
        {
            var seq = reader.GetInt64(0);
            var kind = reader.GetString(2) switch
            {
                "I" => ChangeKind.Insert,
                "U" => ChangeKind.Update,
                "D" => ChangeKind.Delete,
                var other => throw new YodaException($"CDC event {seq} cannot be decoded: unknown operation '{other}'"),
            };
            events.Add(new CdcEvent(
                seq,
                reader.GetString(1),
                kind,
                reader.GetInt64(3),
                reader.GetInt32(4),
                kind == ChangeKind.Insert ? null : ReadValues(reader, 5, keys),
                ReadValues(reader, 5 + keys, values)));
        }

        return events;
    }

    private static object?[] ReadValues(SqliteDataReader reader, int first, int count)
    {
        var values = new object?[count];
        for (var i = 0; i < count; i++)
        {
            var value = reader.GetValue(first + i);
            values[i] = value is DBNull ? null : value;
        }

        return values;
    }

    /// <summary>Events after the watermark, not yet applied.</summary>
    public static long CountAfter(SqliteConnection connection, long watermark) =>
        (long)connection.Scalar($"SELECT count(*) FROM {MetadataSchema.LogTable} WHERE seq > $w", ("$w", watermark))!;

    /// <summary>The capture time (microseconds since the Unix epoch) of the first event after the watermark, or null.</summary>
    public static long? FirstTimestampAfter(SqliteConnection connection, long watermark) =>
        connection.Scalar($"SELECT ts FROM {MetadataSchema.LogTable} WHERE seq > $w ORDER BY seq LIMIT 1", ("$w", watermark)) as long?;

    /// <summary>The highest sequence number in the log, or 0 when it is empty.</summary>
    public static long MaxSequence(SqliteConnection connection) =>
        (long)connection.Scalar($"SELECT coalesce(max(seq), 0) FROM {MetadataSchema.LogTable}")!;

    /// <summary>Deletes the events up to and including <paramref name="watermark"/>; returns how many.</summary>
    public static long PruneThrough(SqliteConnection connection, long watermark) =>
        connection.Execute($"DELETE FROM {MetadataSchema.LogTable} WHERE seq <= $w", ("$w", watermark));
}
