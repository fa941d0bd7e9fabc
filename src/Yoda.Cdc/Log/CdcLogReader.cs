using Microsoft.Data.Sqlite;
using Yoda.Cdc.Sql;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Log;

/// <summary>Reads CDC events from the log in sequence order.</summary>
public static class CdcLogReader
{
    /// <summary>Up to <paramref name="limit"/> events after the watermark, in a buffer of their own.</summary>
    public static List<CdcEvent> ReadAfter(SqliteConnection connection, long watermark, int limit) =>
        ReadAfter(connection, watermark, limit, new CdcEventBuffer());

    /// <summary>
    /// Up to <paramref name="limit"/> events after the watermark (and up to <paramref name="through"/>),
    /// read into <paramref name="buffer"/>: the list and the values are the buffer's, valid until its next read.
    /// </summary>
    public static List<CdcEvent> ReadAfter(SqliteConnection connection, long watermark, int limit, CdcEventBuffer buffer, long through = long.MaxValue)
    {
        using var cursor = new CdcLogCursor(connection, watermark, limit, through);
        return cursor.ReadInto(buffer, limit);
    }

    /// <summary>Events after the watermark, not yet applied.</summary>
    public static long CountAfter(SqliteConnection connection, long watermark) =>
        (long)connection.Scalar($"SELECT count(*) FROM {MetadataSchema.LogTable} WHERE seq > $w", ("$w", watermark))!;

    /// <summary>The capture time (microseconds since the Unix epoch) of the first event after the watermark, or null.</summary>
    public static long? FirstTimestampAfter(SqliteConnection connection, long watermark) =>
        connection.Scalar($"SELECT ts FROM {MetadataSchema.LogTable} WHERE seq > $w ORDER BY seq LIMIT 1", ("$w", watermark)) as long?;

    /// <summary>
    /// The highest sequence number the log has ever issued, 0 for a log that never held an event:
    /// the highest in the log, since pruning keeps that row (see <see cref="PruneThrough"/>).
    /// </summary>
    public static long IssuedThrough(SqliteConnection connection) => MaxSequence(connection);

    /// <summary>The query of <see cref="MaxSequence"/>, for a caller that keeps it prepared.</summary>
    public const string MaxSequenceSql = $"SELECT coalesce(max(seq), 0) FROM {MetadataSchema.LogTable}";

    /// <summary>The highest sequence number in the log, or 0 when it is empty.</summary>
    public static long MaxSequence(SqliteConnection connection) => (long)connection.Scalar(MaxSequenceSql)!;

    /// <summary>
    /// Deletes the events up to and including <paramref name="watermark"/>; returns how many. When
    /// that is every event, the highest one is replaced by a <see cref="MetadataSchema.PrunedMarker"/>
    /// row of the same sequence number (no table, no values), so the next event gets the next
    /// number; the marker is deleted with the events below a later watermark. Call it in a write
    /// transaction.
    /// </summary>
    public static long PruneThrough(SqliteConnection connection, long watermark)
    {
        var highest = MaxSequence(connection);
        var lowestIsMarker = connection.Scalar(
            $"SELECT op = '{MetadataSchema.PrunedMarker}' FROM {MetadataSchema.LogTable} WHERE seq <= $w ORDER BY seq LIMIT 1",
            ("$w", watermark)) is 1L;
        var everything = highest <= watermark;
        // Without a WHERE clause SQLite frees the log's pages whole instead of deleting row by row
        // (its truncate optimization; the log has no triggers), still counting the rows.
        long pruned = everything
            ? connection.Execute($"DELETE FROM {MetadataSchema.LogTable}")
            : connection.Execute($"DELETE FROM {MetadataSchema.LogTable} WHERE seq <= $w", ("$w", watermark));
        if (highest > 0 && everything)
        {
            InsertMarker(connection, highest);
        }

        return lowestIsMarker ? pruned - 1 : pruned;
    }

    /// <summary>The row that keeps <paramref name="sequence"/> issued in a log with no event at or above it.</summary>
    public static void InsertMarker(SqliteConnection connection, long sequence) =>
        connection.Execute(
            $"INSERT INTO {MetadataSchema.LogTable}(seq, table_name, op, ts, schema_version) VALUES ($seq, '', '{MetadataSchema.PrunedMarker}', 0, 0)",
            ("$seq", sequence));
}
