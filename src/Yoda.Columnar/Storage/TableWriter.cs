using System.Collections.Immutable;
using Apache.Arrow;

namespace Yoda.Columnar.Storage;

/// <summary>
/// Staged changes to one <see cref="ColumnarTable"/>: appends, deletions by position and key-index
/// updates. Nothing is visible to readers or to the table's index until <see cref="Commit"/>;
/// <see cref="Dispose"/> without commit discards everything.
/// </summary>
public sealed class TableWriter : IDisposable
{
    private const long Removed = -1;

    private readonly ColumnarTable _table;
    private readonly TableSnapshot _base;
    private readonly long _basePositions;
    private readonly List<object?[]> _pending = [];
    private readonly HashSet<long> _deleted = [];
    private readonly Dictionary<RowKey, long> _indexChanges = new();
    private TableSnapshot? _prepared;
    private bool _closed;

    internal TableWriter(ColumnarTable table)
    {
        _table = table;
        _base = table.Current;
        _basePositions = table.PositionCount;
    }

    public Schema Schema => _base.Schema;

    public bool HasChanges => _pending.Count > 0 || _deleted.Count > 0;

    /// <summary>The position of the live row with this key, as staged so far.</summary>
    public bool TryFind(RowKey key, out long position)
    {
        if (_indexChanges.TryGetValue(key, out position))
        {
            return position != Removed;
        }

        return _table.TryFindPublished(key, out position);
    }

    public void SetKey(RowKey key, long position) => _indexChanges[key] = position;

    public void RemoveKey(RowKey key) => _indexChanges[key] = Removed;

    /// <summary>The values of the row at <paramref name="position"/> (storage value model).</summary>
    public object?[] ReadRow(long position)
    {
        if (position >= _basePositions)
        {
            return (object?[])_pending[(int)(position - _basePositions)].Clone();
        }

        var segment = _base.Segments[(int)(position / _table.SegmentCapacity)];
        var row = (int)(position % _table.SegmentCapacity);
        var values = new object?[segment.Batch.ColumnCount];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = ArrowValues.Get(segment.Batch.Column(c), row);
        }

        return values;
    }

    /// <summary>Stages a new row (values in schema order) and returns its position.</summary>
    public long Append(object?[] values)
    {
        var fields = _base.Schema.FieldsList;
        if (values.Length != fields.Count)
        {
            throw new YodaException($"table {_table.Name}: a row of {values.Length} values does not fit {fields.Count} columns");
        }

        for (var c = 0; c < values.Length; c++)
        {
            if (values[c] is null && !fields[c].IsNullable)
            {
                throw new YodaException($"table {_table.Name}: column {fields[c].Name} may not be NULL");
            }

            var mismatch = ArrowValues.DescribeMismatch(fields[c].DataType, values[c]);
            if (mismatch is not null)
            {
                throw new YodaException($"table {_table.Name}: column {fields[c].Name}: value is {mismatch}");
            }
        }

        _pending.Add(values);
        return _basePositions + _pending.Count - 1;
    }

    public void Delete(long position)
    {
        if (position < 0 || position >= _basePositions + _pending.Count)
        {
            throw new YodaException($"table {_table.Name}: no row at position {position}");
        }

        _deleted.Add(position);
    }

    /// <summary>Builds the new snapshot and publishes it with the index changes. Throws before publishing anything on failure.</summary>
    public TableSnapshot Commit()
    {
        var snapshot = Prepare();
        Publish();
        return snapshot;
    }

    /// <summary>
    /// Builds the snapshot the staged changes produce, without publishing it: the fallible half of
    /// a commit, so that several tables can be prepared before any of them is published.
    /// </summary>
    public TableSnapshot Prepare()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _prepared = BuildSnapshot();
        return _prepared;
    }

    /// <summary>Publishes what <see cref="Prepare"/> built, with the index changes, and closes the writer. Cannot fail.</summary>
    public void Publish()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var snapshot = _prepared ?? throw new InvalidOperationException("Prepare must be called before Publish");
        _table.Publish(snapshot, _indexChanges);
        Dispose();
    }

    private TableSnapshot BuildSnapshot()
    {
        var capacity = _table.SegmentCapacity;
        var segments = _base.Segments.ToBuilder();
        var pendingIndex = 0;

        // Fill the last segment, then open new ones, with the staged rows.
        while (pendingIndex < _pending.Count)
        {
            var lastIsOpen = segments.Count > 0 && segments[^1].RowCount < capacity;
            var existing = lastIsOpen ? segments[^1] : null;
            var room = capacity - (existing?.RowCount ?? 0);
            var take = Math.Min(room, _pending.Count - pendingIndex);
            var batch = BuildBatch(existing?.Batch, pendingIndex, take);
            var segment = new Segment(batch, existing?.Deleted);
            if (lastIsOpen)
            {
                segments[^1] = segment;
            }
            else
            {
                segments.Add(segment);
            }

            pendingIndex += take;
        }

        foreach (var group in _deleted.GroupBy(p => (int)(p / capacity)))
        {
            var segment = segments[group.Key];
            var rows = group.Select(p => (int)(p % capacity));
            var vector = (segment.Deleted ?? DeletionVector.Empty(segment.RowCount)).WithDeleted(rows, segment.RowCount);
            segments[group.Key] = new Segment(segment.Batch, vector);
        }

        return new TableSnapshot(_base.Name, _base.Schema, segments.ToImmutable());
    }

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            _table.EndWrite();
        }
    }

    /// <summary>The open segment's arrays (copied as buffers, not value by value) followed by staged rows.</summary>
    private RecordBatch BuildBatch(RecordBatch? existing, int start, int count)
    {
        var fields = _base.Schema.FieldsList;
        var arrays = new IArrowArray[fields.Count];
        for (var c = 0; c < fields.Count; c++)
        {
            var builder = ColumnBuilder.Create(fields[c].Name, fields[c].DataType);
            for (var r = start; r < start + count; r++)
            {
                builder.Append(_pending[r][c]);
            }

            var added = builder.Build();
            arrays[c] = existing is null ? added : ArrowArrayConcatenator.Concatenate([existing.Column(c), added]);
        }

        return new RecordBatch(_base.Schema, arrays, (existing?.Length ?? 0) + count);
    }
}
