using System.Collections.Immutable;
using Apache.Arrow;

namespace Yoda.Columnar.Storage;

/// <summary>
/// Staged changes to one <see cref="ColumnarTable"/>: appends, deletions by position and key-index
/// updates. Nothing is visible to readers or to the table's index until <see cref="Publish"/>;
/// <see cref="Dispose"/> without publishing discards everything.
/// </summary>
/// <remarks>
/// Appended rows wait as value arrays only until they fill a segment; then they are built into
/// Arrow arrays, so a large load holds at most one segment of boxed rows at a time.
/// </remarks>
public sealed class TableWriter : IDisposable
{
    private const long Removed = -1;

    private readonly ColumnarTable _table;
    private readonly int _capacity;
    private readonly TableSnapshot _base;

    /// <summary>The base's last segment when it still has room: the first staged rows go into it.</summary>
    private readonly Segment? _baseOpen;

    /// <summary>Index of the first segment that staged rows write (the base's open one, or a new one).</summary>
    private readonly int _firstStagedSegment;

    private readonly List<RecordBatch> _sealed = [];
    private readonly List<object?[]> _tail = [];
    private readonly HashSet<long> _deleted = [];
    private readonly Dictionary<RowKey, long> _indexChanges = new();
    private TableSnapshot? _prepared;
    private bool _closed;

    internal TableWriter(ColumnarTable table)
    {
        _table = table;
        _capacity = table.SegmentCapacity;
        _base = table.Current;
        var segments = _base.Segments;
        _baseOpen = segments.Length > 0 && segments[^1].RowCount < _capacity ? segments[^1] : null;
        _firstStagedSegment = _baseOpen is null ? segments.Length : segments.Length - 1;
    }

    public Schema Schema => _base.Schema;

    /// <summary>Rows already in the segment the tail fills (the base's open segment, before anything was sealed).</summary>
    private int TailOffset => _sealed.Count == 0 ? _baseOpen?.RowCount ?? 0 : 0;

    private long TailStart => ((long)(_firstStagedSegment + _sealed.Count) * _capacity) + TailOffset;

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
        if (position >= TailStart)
        {
            return (object?[])_tail[(int)(position - TailStart)].Clone();
        }

        var segment = (int)(position / _capacity);
        var row = (int)(position % _capacity);
        var staged = segment - _firstStagedSegment;
        var batch = staged >= 0 && staged < _sealed.Count ? _sealed[staged] : _base.Segments[segment].Batch;
        var values = new object?[batch.ColumnCount];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = ArrowValues.Get(batch.Column(c), row);
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

        var position = TailStart + _tail.Count;
        _tail.Add(values);
        if (TailOffset + _tail.Count == _capacity)
        {
            _sealed.Add(BuildTail());
            _tail.Clear();
        }

        return position;
    }

    public void Delete(long position)
    {
        if (position < 0 || position >= TailStart + _tail.Count)
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

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            _table.EndWrite();
        }
    }

    private TableSnapshot BuildSnapshot()
    {
        var segments = _base.Segments.ToBuilder();
        var staged = new List<RecordBatch>(_sealed);
        if (_tail.Count > 0)
        {
            staged.Add(BuildTail());
        }

        for (var i = 0; i < staged.Count; i++)
        {
            var index = _firstStagedSegment + i;
            if (index < segments.Count)
            {
                segments[index] = new Segment(staged[i], segments[index].Deleted); // the base's open segment, grown
            }
            else
            {
                segments.Add(new Segment(staged[i], null));
            }
        }

        foreach (var group in _deleted.GroupBy(p => (int)(p / _capacity)))
        {
            var segment = segments[group.Key];
            var rows = group.Select(p => (int)(p % _capacity));
            var vector = (segment.Deleted ?? DeletionVector.Empty(segment.RowCount)).WithDeleted(rows, segment.RowCount);
            segments[group.Key] = new Segment(segment.Batch, vector);
        }

        return new TableSnapshot(_base.Name, _base.Schema, segments.ToImmutable());
    }

    /// <summary>
    /// The tail's segment as Arrow arrays: the base's open segment (copied as buffers, not value
    /// by value) followed by the staged rows.
    /// </summary>
    private RecordBatch BuildTail()
    {
        var existing = _sealed.Count == 0 ? _baseOpen?.Batch : null;
        var fields = _base.Schema.FieldsList;
        var arrays = new IArrowArray[fields.Count];
        for (var c = 0; c < fields.Count; c++)
        {
            var builder = ColumnBuilder.Create(fields[c].Name, fields[c].DataType);
            foreach (var row in _tail)
            {
                builder.Append(row[c]);
            }

            var added = builder.Build();
            arrays[c] = existing is null ? added : ArrowArrayConcatenator.Concatenate([existing.Column(c), added]);
        }

        return new RecordBatch(_base.Schema, arrays, (existing?.Length ?? 0) + _tail.Count);
    }
}
