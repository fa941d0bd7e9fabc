namespace Yoda.Columnar.Storage;

/// <summary>
/// A compaction of one <see cref="ColumnarTable"/>, holding the table's single writer slot so no
/// sync stages changes meanwhile. <see cref="Prepare(double, int, CancellationToken)"/> rewrites the
/// chosen sealed segments with only their live rows (or takes <see cref="CompactedSegments"/> copied
/// earlier without the slot) and works out the key index's new positions, all out of sight;
/// <see cref="Publish"/> makes both the table's state at once and cannot fail;
/// <see cref="Dispose"/> without publishing leaves the table as it was.
/// </summary>
/// <remarks>
/// Each segment is compacted in its own slot: a row's position stays <c>segment * SegmentCapacity
/// + row</c>, only the row numbers inside compacted segments change, and a fully deleted
/// segment becomes an empty placeholder, so no other segment's positions move. The last segment
/// (where writers append) is never compacted.
/// </remarks>
public sealed class TableCompaction : IDisposable
{
    private readonly ColumnarTable _table;
    private readonly TableSnapshot _base;
    private readonly List<KeyValuePair<RowKey, long>> _moves = [];
    private TableSnapshot? _prepared;
    private bool _closed;

    internal TableCompaction(ColumnarTable table)
    {
        _table = table;
        _base = table.Current;
    }

    /// <summary>Segments rewritten by <see cref="Prepare"/>.</summary>
    public int SegmentsCompacted { get; private set; }

    /// <summary>Deleted rows dropped by <see cref="Prepare"/>.</summary>
    public long RowsRemoved { get; private set; }

    /// <summary>
    /// The sealed segments (all but the last) whose deleted share of rows is at least
    /// <paramref name="minDeletedFraction"/> and that hold a deleted row, most deleted rows first,
    /// at most <paramref name="maxSegments"/>.
    /// </summary>
    public static IReadOnlyList<int> Candidates(TableSnapshot snapshot, double minDeletedFraction, int maxSegments)
    {
        var segments = snapshot.Segments;
        return Enumerable.Range(0, Math.Max(0, segments.Length - 1))
            .Where(s => segments[s].Deleted is { } d && d.DeletedCount >= minDeletedFraction * segments[s].RowCount)
            .OrderByDescending(s => segments[s].Deleted!.DeletedCount)
            .ThenBy(s => s)
            .Take(maxSegments)
            .ToList();
    }

    /// <summary>
    /// Compacts the <see cref="Candidates"/> and returns the snapshot that results (the current
    /// one when there is nothing to do), without publishing it.
    /// </summary>
    public TableSnapshot Prepare(double minDeletedFraction, int maxSegments, CancellationToken ct) =>
        Prepare(CompactedSegments.Copy(_base, minDeletedFraction, maxSegments, ct), ct)
        ?? throw new InvalidOperationException("copies made from the compaction's own snapshot must apply to it");

    /// <summary>
    /// Takes <paramref name="copies"/>, made earlier from this table's snapshot without the writer
    /// slot, and returns the snapshot that results, without publishing it; null when one of their
    /// segments changed since (the copies are stale and nothing is prepared).
    /// </summary>
    public TableSnapshot? Prepare(CompactedSegments copies, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _moves.Clear();
        SegmentsCompacted = 0;
        RowsRemoved = 0;
        _prepared = null;
        if (!copies.AppliesTo(_base))
        {
            return null;
        }

        if (copies.Slots.Count == 0)
        {
            return _prepared = _base;
        }

        // Keys move only with surviving rows: segments emptied entirely need no pass over the index.
        if (copies.Copies.Any(c => c.RowCount > 0))
        {
            var newRows = new Dictionary<int, int[]>(copies.Slots.Count);
            for (var i = 0; i < copies.Slots.Count; i++)
            {
                newRows.Add(copies.Slots[i], copies.NewRows[i]);
            }

            var capacity = _table.SegmentCapacity;
            foreach (var (key, position) in _table.PublishedIndex)
            {
                var segment = position / capacity;
                if (newRows.TryGetValue((int)segment, out var rows))
                {
                    var row = rows[position % capacity];
                    _moves.Add(row >= 0
                        ? new(key, (segment * capacity) + row)
                        : throw new InvalidOperationException($"table {_base.Name}: key {key} names the deleted row at position {position}"));
                }
            }

            ct.ThrowIfCancellationRequested();
        }

        SegmentsCompacted = copies.Slots.Count;
        RowsRemoved = copies.RowsRemoved;
        return _prepared = new TableSnapshot(_base.Name, _base.Schema, copies.ReplaceIn(_base));
    }

    /// <summary>Publishes what <see cref="Prepare"/> built with the key index's new positions, and closes the compaction. Cannot fail.</summary>
    public void Publish()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var snapshot = _prepared ?? throw new InvalidOperationException("Prepare must be called before Publish");
        if (!ReferenceEquals(snapshot, _base))
        {
            _table.PublishCompaction(snapshot, _moves);
        }

        Dispose();
    }

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            _table.EndWrite();
        }
    }
}
