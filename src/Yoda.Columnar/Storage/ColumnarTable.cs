using System.Collections.Immutable;
using Apache.Arrow;

namespace Yoda.Columnar.Storage;

/// <summary>
/// A replicated OLAP table: segments of Arrow arrays (sealed when full; compaction may leave a
/// sealed segment shorter, see <see cref="TableCompaction"/>), deletion vectors,
/// and an index from row key to row position for the sync engine. Readers see only published
/// <see cref="TableSnapshot"/>s; one <see cref="TableWriter"/> at a time stages changes that
/// become visible only when committed.
/// </summary>
/// <remarks>
/// A row's position is <c>segment * SegmentCapacity + row</c>; it stays valid for the life of
/// the table because segments are only ever appended, and compaction rewrites a segment in its own
/// slot, moving the keys of its surviving rows to their new row numbers.
/// </remarks>
public sealed partial class ColumnarTable
{
    public const int DefaultSegmentCapacity = 64 * 1024;

    private KeyIndex _index = new();
    private KeyIndex? _spareChanges;
    private TableSnapshot _current;
    private int _writerActive;

    public ColumnarTable(string name, Schema schema, int segmentCapacity = DefaultSegmentCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentCapacity, 1);
        SegmentCapacity = segmentCapacity;
        _current = new TableSnapshot(name, schema, ImmutableArray<Segment>.Empty);
    }

    public string Name => _current.Name;

    public Schema Schema => _current.Schema;

    public int SegmentCapacity { get; }

    /// <summary>The last published snapshot.</summary>
    public TableSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Rows ever appended (live or deleted): the next position.</summary>
    public long PositionCount
    {
        get
        {
            var segments = Current.Segments;
            return segments.IsEmpty ? 0 : ((long)(segments.Length - 1) * SegmentCapacity) + segments[^1].RowCount;
        }
    }

    /// <summary>Live keys in the published state.</summary>
    public int KeyCount => _index.Count;

    /// <summary>
    /// Starts staging changes. Only one writer may be open at a time. <paramref name="expectedKeyChanges"/>
    /// sizes the writer's staged key changes up front (a hint: more still fit).
    /// </summary>
    public TableWriter BeginWrite(int expectedKeyChanges = 0)
    {
        if (Interlocked.Exchange(ref _writerActive, 1) != 0)
        {
            throw new YodaException($"table {Name} already has an open writer");
        }

        var changes = Interlocked.Exchange(ref _spareChanges, null);
        if (changes is not null && changes.FitsWhenCleared(expectedKeyChanges))
        {
            changes.Reset();
        }
        else
        {
            changes = new KeyIndex(expectedKeyChanges);
        }

        return new TableWriter(this, changes, expectedKeyChanges);
    }

    /// <summary>
    /// Replaces the schema, mapping each new column to an old column of the same name (kept) or
    /// to all-NULL values (added); old columns missing from <paramref name="newSchema"/> are dropped.
    /// Returns the new snapshot, already published.
    /// </summary>
    public TableSnapshot ChangeSchema(Schema newSchema)
    {
        if (Interlocked.Exchange(ref _writerActive, 1) != 0)
        {
            throw new YodaException($"table {Name} is being written; cannot change its schema now");
        }

        try
        {
            var old = Current;
            var segments = ImmutableArray.CreateBuilder<Segment>(old.Segments.Length);
            foreach (var segment in old.Segments)
            {
                var arrays = new IArrowArray[newSchema.FieldsList.Count];
                for (var c = 0; c < arrays.Length; c++)
                {
                    var field = newSchema.FieldsList[c];
                    var oldIndex = old.FindColumn(field.Name);
                    arrays[c] = oldIndex >= 0 ? segment.Batch.Column(oldIndex) : NullArray(field, segment.RowCount);
                }

                segments.Add(new Segment(new RecordBatch(newSchema, arrays, segment.RowCount), segment.Deleted, segment.Compactions));
            }

            var snapshot = new TableSnapshot(old.Name, newSchema, segments.MoveToImmutable());
            Tail = null; // the open segment's arrays are the new schema's now: the next writer starts buffers from them
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
        finally
        {
            Volatile.Write(ref _writerActive, 0);
        }
    }

    /// <summary>The key and position of each live row (open version in temporal tables) as last published. For the writer's use.</summary>
    public IReadOnlyDictionary<RowKey, long> PublishedIndex => _index;

    internal bool TryFindPublished(RowKey key, out long position)
    {
        position = 0;
        return !_index.CannotContain(key) && _index.TryGetValue(key, out position);
    }

    /// <summary>The open segment's buffers, for the next writer to append to (see <see cref="TailColumn"/>).</summary>
    internal TailSegment? Tail { get; private set; }

    internal void Publish(TableSnapshot snapshot, KeyIndex indexChanges, TailSegment? tail)
    {
        Tail = tail;
        // A first load hands its index over instead of copying it (no second table-sized map).
        if (_index.Count == 0 && !indexChanges.ContainsValue(TableWriter.Removed))
        {
            _index = indexChanges;
            Volatile.Write(ref _current, snapshot);
            return;
        }

        foreach (var (key, position) in indexChanges)
        {
            if (position < 0)
            {
                _index.Remove(key);
            }
            else
            {
                _index.Set(key, position);
            }
        }

        // Kept for the next writer: a cycle's staged changes are large (slots for every event) and short-lived.
        _spareChanges = indexChanges;
        Volatile.Write(ref _current, snapshot);
    }

    /// <summary>
    /// Starts a compaction (see <see cref="TableCompaction"/>); it takes the writer slot, so it
    /// cannot start while a writer is open, nor a writer while it runs.
    /// </summary>
    public TableCompaction BeginCompaction()
    {
        if (Interlocked.Exchange(ref _writerActive, 1) != 0)
        {
            throw new YodaException($"table {Name} is being written; cannot compact it now");
        }

        return new TableCompaction(this);
    }

    /// <summary>Compacts and publishes at once (see <see cref="TableCompaction.Prepare"/>); returns the segments compacted and the rows removed.</summary>
    public (int Segments, long RowsRemoved) Compact(double minDeletedFraction, int maxSegments, CancellationToken ct = default)
    {
        using var compaction = BeginCompaction();
        compaction.Prepare(minDeletedFraction, maxSegments, ct);
        compaction.Publish();
        return (compaction.SegmentsCompacted, compaction.RowsRemoved);
    }

    internal void PublishCompaction(TableSnapshot snapshot, List<KeyValuePair<RowKey, long>> moves)
    {
        foreach (var (key, position) in moves)
        {
            _index.Set(key, position);
        }

        Volatile.Write(ref _current, snapshot);
    }

    internal void EndWrite() => Volatile.Write(ref _writerActive, 0);

    private static IArrowArray NullArray(Field field, int length)
    {
        var builder = ColumnBuilder.Create(field.Name, field.DataType);
        for (var i = 0; i < length; i++)
        {
            builder.Append(null);
        }

        return builder.Build();
    }
}
