using System.Runtime.CompilerServices;
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

    public void Insert(TableWriter writer, RowKey key, ReadOnlySpan<StorageValue> row, long timestampMicros, MergeCounters counters)
    {
        var at = timestampMicros;
        if (writer.TryFind(key, out var open))
        {
            at = Close(writer, open, timestampMicros);
        }

        var history = History(at, null, "I");
        writer.SetKey(key, writer.Append(row, history));
        counters.Inserted++;
    }

    public void Update(TableWriter writer, RowKey oldKey, RowKey newKey, ReadOnlySpan<StorageValue> row, long timestampMicros, MergeCounters counters)
    {
        var keyChanged = !oldKey.Equals(newKey);
        var at = timestampMicros;
        if (writer.TryFind(oldKey, out var open))
        {
            if (!keyChanged && writer.RowMatches(open, row))
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

        var history = History(at, null, "U");
        writer.SetKey(newKey, writer.Append(row, history));
        counters.Updated++;
    }

    public void Delete(TableWriter writer, RowKey key, long timestampMicros, MergeCounters counters)
    {
        if (!writer.TryFind(key, out var open))
        {
            return;
        }

        var closedAt = Close(writer, open, timestampMicros, out var closed);
        // The tombstone carries the last values: a copy of the closed copy, from the tail's own buffers.
        var tombstone = History(closedAt, closedAt, "D");
        writer.AppendCopy(closed, ValidFromColumn(writer), tombstone);
        writer.RemoveKey(key);
        counters.Deleted++;
    }

    /// <summary>
    /// Replaces the open version at <paramref name="position"/> by a copy closed at the given
    /// time (columns copied as stored) and returns that time. The version's own row stays
    /// readable until the writer publishes.
    /// </summary>
    private static long Close(TableWriter writer, long position, long timestampMicros) =>
        Close(writer, position, timestampMicros, out _);

    /// <summary>As above; <paramref name="closed"/> is the position of the closed copy.</summary>
    private static long Close(TableWriter writer, long position, long timestampMicros, out long closed)
    {
        var validFromColumn = ValidFromColumn(writer);
        var validFrom = writer.ValueAt(position, validFromColumn).Integer;
        // The clock has millisecond resolution: never close a version before it opened.
        var closedAt = Math.Max(timestampMicros, validFrom);
        writer.Delete(position);
        closed = writer.AppendCopy(position, validFromColumn + 1, [StorageValue.FromInteger(closedAt)]);
        return closedAt;
    }

    private static int ValidFromColumn(TableWriter writer) => writer.Schema.FieldsList.Count - HistoryValues.Length;

    private static HistoryValues History(long validFrom, long? validTo, string operation)
    {
        var history = default(HistoryValues);
        history[0] = StorageValue.FromInteger(validFrom);
        history[1] = validTo is { } to ? StorageValue.FromInteger(to) : StorageValue.Null;
        history[2] = StorageValue.FromText(operation);
        return history;
    }

    /// <summary>The history columns' values: valid_from, valid_to, operation.</summary>
    [InlineArray(Length)]
    private struct HistoryValues
    {
        public const int Length = 3;

        private StorageValue _first;
    }
}
