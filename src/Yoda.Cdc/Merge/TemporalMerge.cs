using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Merge;

/// <summary>
/// SCD Type 2: every version of a row stays, with the half-open validity interval
/// [<c>_yoda_valid_from</c>, <c>_yoda_valid_to</c>) in microseconds since the Unix epoch and the
/// operation that made it. The current version of a key has <c>_yoda_valid_to</c> NULL. A delete
/// closes the current version and appends a <c>'D'</c> tombstone carrying the last values, whose
/// interval is empty (valid_from = valid_to = the delete's time). An update that changes no value
/// writes nothing.
/// </summary>
public sealed class TemporalMerge : IMergeStrategy
{
    public bool AddsHistoryColumns => true;

    public void Insert(TableWriter writer, RowKey key, object?[] row, long timestampMicros, MergeCounters counters)
    {
        var at = timestampMicros;
        if (writer.TryFind(key, out var open))
        {
            at = Close(writer, open, timestampMicros);
        }

        writer.SetKey(key, writer.Append(Version(row, at, null, "I")));
        counters.Inserted++;
    }

    public void Update(TableWriter writer, RowKey oldKey, RowKey newKey, object?[] row, long timestampMicros, MergeCounters counters)
    {
        var keyChanged = !oldKey.Equals(newKey);
        var at = timestampMicros;
        if (writer.TryFind(oldKey, out var open))
        {
            if (!keyChanged && RowValues.SamePrefix(writer.ReadRow(open), row, row.Length))
            {
                return;
            }

            at = Close(writer, open, timestampMicros);
            writer.RemoveKey(oldKey);
        }

        if (keyChanged && writer.TryFind(newKey, out var displaced))
        {
            at = Math.Max(at, Close(writer, displaced, timestampMicros));
        }

        writer.SetKey(newKey, writer.Append(Version(row, at, null, "U")));
        counters.Updated++;
    }

    public void Delete(TableWriter writer, RowKey key, long timestampMicros, MergeCounters counters)
    {
        if (!writer.TryFind(key, out var open))
        {
            return;
        }

        var closedAt = Close(writer, open, timestampMicros, out var last);
        var userColumns = last.Length - 3;
        writer.Append(Version(last.AsSpan(0, userColumns).ToArray(), closedAt, closedAt, "D"));
        writer.RemoveKey(key);
        counters.Deleted++;
    }

    private static long Close(TableWriter writer, long position, long timestampMicros) =>
        Close(writer, position, timestampMicros, out _);

    /// <summary>Replaces the open version at <paramref name="position"/> by a copy closed at the given time.</summary>
    private static long Close(TableWriter writer, long position, long timestampMicros, out object?[] version)
    {
        version = writer.ReadRow(position);
        var validFromIndex = version.Length - 3;
        var validFrom = (long)version[validFromIndex]!;
        // The clock has millisecond resolution: never close a version before it opened.
        var closedAt = Math.Max(timestampMicros, validFrom);
        var closed = (object?[])version.Clone();
        closed[validFromIndex + 1] = closedAt;
        writer.Delete(position);
        writer.Append(closed);
        return closedAt;
    }

    private static object?[] Version(object?[] row, long validFrom, long? validTo, string operation)
    {
        var version = new object?[row.Length + 3];
        row.CopyTo(version, 0);
        version[row.Length] = validFrom;
        version[row.Length + 1] = validTo;
        version[row.Length + 2] = operation;
        return version;
    }
}
