using System.Collections.Immutable;
using Apache.Arrow;

namespace Yoda.Columnar.Storage;

/// <summary>
/// Staged changes to one <see cref="ColumnarTable"/>: appends, deletions by position and key-index
/// updates. Nothing is visible to readers or to the table's index until <see cref="Publish"/>;
/// <see cref="Dispose"/> without publishing discards everything.
/// </summary>
/// <remarks>
/// Appended rows go straight into the Arrow buffers of the table's open segment
/// (<see cref="TailColumn"/>s), past every row a published snapshot sees, so a cycle costs its
/// own rows and not the size of the open segment. A full segment is sealed into buffers of its
/// own and the next one starts.
/// </remarks>
public sealed class TableWriter : IDisposable
{
    internal const long Removed = -1;

    private readonly ColumnarTable _table;
    private readonly int _capacity;
    private readonly TableSnapshot _base;

    /// <summary>The base's last segment when it still has room: the first staged rows go into it.</summary>
    private readonly Segment? _baseOpen;

    /// <summary>Index of the first segment that staged rows write (the base's open one, or a new one).</summary>
    private readonly int _firstStagedSegment;

    private readonly int _width;

    /// <summary>The caller's hint of rows to come: the first new segment's buffers are sized for it.</summary>
    private readonly int _expectedRows;
    private readonly List<RecordBatch> _sealed = [];
    private readonly StorageValue[] _scratch;

    /// <summary>The columns of the segment being filled; null until the first append reaches it.</summary>
    private TailColumn[]? _tail;

    /// <summary>Rows in the segment being filled, the base's open segment's rows included.</summary>
    private int _tailRows;

    /// <summary>The tail as built by <see cref="Prepare"/>, for the table to keep appending to.</summary>
    private RecordBatch? _builtTail;
    private bool _appended;

    /// <summary>Rows deleted, per segment: a bitmap laid out like <see cref="DeletionVector.Words"/>.</summary>
    private readonly Dictionary<int, ulong[]> _deleted = new();
    private int _lastDeletedSegment = -1;
    private ulong[] _lastDeleted = [];
    private readonly KeyIndex _indexChanges;
    private TableSnapshot? _prepared;
    private bool _closed;

    /// <param name="indexChanges">An empty index for the staged key changes.</param>
    /// <param name="expectedRows">The caller's hint of the rows to come.</param>
    internal TableWriter(ColumnarTable table, KeyIndex indexChanges, int expectedRows)
    {
        _table = table;
        _indexChanges = indexChanges;
        _expectedRows = expectedRows;
        _capacity = table.SegmentCapacity;
        _base = table.Current;
        var segments = _base.Segments;
        _baseOpen = segments.Length > 0 && segments[^1].RowCount < _capacity ? segments[^1] : null;
        _firstStagedSegment = _baseOpen is null ? segments.Length : segments.Length - 1;
        _tailRows = _baseOpen?.RowCount ?? 0;
        _width = _base.Schema.FieldsList.Count;
        _scratch = new StorageValue[_width];
    }

    public Schema Schema => _base.Schema;

    private long TailStart => (long)(_firstStagedSegment + _sealed.Count) * _capacity;

    /// <summary>The position of the live row with this key, as staged so far.</summary>
    public bool TryFind(RowKey key, out long position)
    {
        // New keys above every existing one (rowids, ascending ids) are the common insert: no probes.
        if (!_indexChanges.CannotContain(key) && _indexChanges.TryGetValue(key, out position))
        {
            return position != Removed;
        }

        return _table.TryFindPublished(key, out position);
    }

    public void SetKey(RowKey key, long position) => _indexChanges.Set(key, position);

    /// <summary>The key-index changes staged so far: a key's new position, or -1 when it was removed.</summary>
    public IReadOnlyDictionary<RowKey, long> StagedKeys => _indexChanges;

    public void RemoveKey(RowKey key) => _indexChanges.Set(key, Removed);

    /// <summary>The values of the row at <paramref name="position"/> (storage value model).</summary>
    public object?[] ReadRow(long position)
    {
        var row = RowAt(position);
        var values = new object?[row.Length];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = row[c].ToObject();
        }

        return values;
    }

    /// <summary>
    /// The values of the row at <paramref name="position"/> in a buffer of the writer's that the
    /// next call overwrites; the caller may change them (to append a modified copy).
    /// </summary>
    public Span<StorageValue> RowAt(long position)
    {
        if (_tail is not null && position >= TailStart)
        {
            var tailRow = (int)(position - TailStart);
            for (var c = 0; c < _width; c++)
            {
                _scratch[c] = _tail[c].Get(tailRow);
            }

            return _scratch;
        }

        var batch = BatchOf(position, out var row);
        for (var c = 0; c < _width; c++)
        {
            _scratch[c] = ArrowValues.GetValue(batch.Column(c), row);
        }

        return _scratch;
    }

    /// <summary>The value of column <paramref name="column"/> of the row at <paramref name="position"/>.</summary>
    public StorageValue ValueAt(long position, int column)
    {
        if (_tail is not null && position >= TailStart)
        {
            return _tail[column].Get((int)(position - TailStart));
        }

        return ArrowValues.GetValue(BatchOf(position, out var row).Column(column), row);
    }

    /// <summary>Whether the row at <paramref name="position"/> starts with exactly <paramref name="values"/> (reals bit for bit).</summary>
    public bool RowMatches(long position, ReadOnlySpan<StorageValue> values)
    {
        if (_tail is not null && position >= TailStart)
        {
            var tailRow = (int)(position - TailStart);
            for (var c = 0; c < values.Length; c++)
            {
                if (!_tail[c].Matches(tailRow, values[c]))
                {
                    return false;
                }
            }

            return true;
        }

        var batch = BatchOf(position, out var row);
        for (var c = 0; c < values.Length; c++)
        {
            if (!ArrowValues.Matches(batch.Column(c), row, values[c]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The sealed or stored segment holding <paramref name="position"/> (not in the tail).</summary>
    private RecordBatch BatchOf(long position, out int row)
    {
        var segment = (int)(position / _capacity);
        row = (int)(position % _capacity);
        var staged = segment - _firstStagedSegment;
        return staged >= 0 && staged < _sealed.Count ? _sealed[staged] : _base.Segments[segment].Batch;
    }

    /// <summary>Stages a new row (values in schema order) and returns its position.</summary>
    public long Append(object?[] values)
    {
        var row = new StorageValue[values.Length];
        for (var c = 0; c < values.Length; c++)
        {
            if (values[c] is not (null or long or double or string or byte[]))
            {
                throw new YodaException($"table {_table.Name}: value {c + 1} is a value of .NET type {values[c]!.GetType().Name}");
            }

            row[c] = StorageValue.FromObject(values[c]);
        }

        return Append(row);
    }

    /// <summary>
    /// Stages a new row, <paramref name="values"/> followed by <paramref name="suffix"/> in schema
    /// order, and returns its position. A value the column cannot hold stages nothing.
    /// </summary>
    public long Append(ReadOnlySpan<StorageValue> values, ReadOnlySpan<StorageValue> suffix = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (values.Length + suffix.Length != _width)
        {
            throw new YodaException($"table {_table.Name}: a row of {values.Length + suffix.Length} values does not fit {_width} columns");
        }

        for (var c = 0; c < _width; c++)
        {
            Check(c, c < values.Length ? values[c] : suffix[c - values.Length]);
        }

        var tail = _tail ??= StartTail();
        var row = _tailRows;
        for (var c = 0; c < values.Length; c++)
        {
            tail[c].Set(row, values[c]);
        }

        for (var c = 0; c < suffix.Length; c++)
        {
            tail[values.Length + c].Set(row, suffix[c]);
        }

        return Appended(row);
    }

    /// <summary>
    /// Stages a copy of the row at <paramref name="position"/> with columns from
    /// <paramref name="firstReplaced"/> on replaced by <paramref name="replacements"/>, and returns
    /// its position. The other values are copied as stored (text as its UTF-8 bytes): no value
    /// object per column. A replacement the column cannot hold stages nothing.
    /// </summary>
    public long AppendCopy(long position, int firstReplaced, ReadOnlySpan<StorageValue> replacements)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        CheckPosition(position);
        ArgumentOutOfRangeException.ThrowIfNegative(firstReplaced);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstReplaced + replacements.Length, _width, nameof(replacements));
        for (var i = 0; i < replacements.Length; i++)
        {
            Check(firstReplaced + i, replacements[i]);
        }

        var tail = _tail ??= StartTail();
        var row = _tailRows;
        var lastReplaced = firstReplaced + replacements.Length;
        if (position >= TailStart)
        {
            var sourceRow = (int)(position - TailStart);
            for (var c = 0; c < _width; c++)
            {
                if (c < firstReplaced || c >= lastReplaced)
                {
                    tail[c].CopyRow(row, tail[c], sourceRow);
                }
            }
        }
        else
        {
            var batch = BatchOf(position, out var sourceRow);
            for (var c = 0; c < _width; c++)
            {
                if (c < firstReplaced || c >= lastReplaced)
                {
                    tail[c].CopyRow(row, batch.Column(c), sourceRow);
                }
            }
        }

        for (var i = 0; i < replacements.Length; i++)
        {
            tail[firstReplaced + i].Set(row, replacements[i]);
        }

        return Appended(row);
    }

    /// <summary>Throws unless column <paramref name="column"/> can hold <paramref name="value"/>.</summary>
    private void Check(int column, in StorageValue value)
    {
        var field = _base.Schema.FieldsList[column];
        if (value.IsNull)
        {
            if (!field.IsNullable)
            {
                throw new YodaException($"table {_table.Name}: column {field.Name} may not be NULL");
            }

            return;
        }

        var mismatch = value.MismatchFor(field.DataType);
        if (mismatch is not null)
        {
            throw new YodaException($"table {_table.Name}: column {field.Name}: value is {mismatch}");
        }
    }

    /// <summary>Counts the row just written at <paramref name="row"/> of the tail; seals the segment when full.</summary>
    private long Appended(int row)
    {
        _appended = true;
        _tailRows++;
        var position = TailStart + row;
        if (_tailRows == _capacity)
        {
            _sealed.Add(BuildTail(exact: true));
            _tail = null;
            _tailRows = 0;
        }

        return position;
    }

    /// <summary>
    /// Stages a segment built elsewhere (a bulk load straight into Arrow buffers, its values
    /// already checked against the schema) after the staged rows, and returns the position of its
    /// first row. The staged rows must end on a segment boundary; a batch shorter than a segment
    /// must be the last thing staged.
    /// </summary>
    public long AppendSegment(RecordBatch batch)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_tailRows > 0 || (_sealed.Count == 0 && _baseOpen is not null) || (_sealed.Count > 0 && _sealed[^1].Length < _capacity)
            || batch.Length > _capacity || batch.ColumnCount != _width)
        {
            throw new InvalidOperationException($"table {_table.Name}: a segment can only be staged on a segment boundary");
        }

        var position = TailStart;
        _sealed.Add(batch);
        return position;
    }

    public void Delete(long position)
    {
        CheckPosition(position);

        var segment = (int)(position / _capacity);
        if (segment != _lastDeletedSegment)
        {
            if (!_deleted.TryGetValue(segment, out var words))
            {
                words = new ulong[(_capacity + 63) >> 6];
                _deleted.Add(segment, words);
            }

            _lastDeletedSegment = segment;
            _lastDeleted = words;
        }

        var row = (int)(position % _capacity);
        _lastDeleted[row >> 6] |= 1UL << row;
    }

    private void CheckPosition(long position)
    {
        var segment = position / _capacity;
        if (position < 0 || position >= TailStart + _tailRows
            || (segment < _firstStagedSegment && position % _capacity >= _base.Segments[(int)segment].RowCount))
        {
            throw new YodaException($"table {_table.Name}: no row at position {position}");
        }
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
        _table.Publish(snapshot, _indexChanges, _appended ? (_tail is null ? null : new TailSegment(_tail, _builtTail!)) : _table.Tail);
        Dispose();
    }

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            _tail = null;
            _table.EndWrite();
        }
    }

    /// <summary>
    /// The columns the next row goes into: the table's open-segment buffers when they still
    /// hold its last published segment, else new ones (with that segment's rows copied once).
    /// </summary>
    private TailColumn[] StartTail()
    {
        var fields = _base.Schema.FieldsList;
        if (_sealed.Count == 0 && _baseOpen is not null)
        {
            if (_table.Tail is { } tail && ReferenceEquals(tail.Batch, _baseOpen.Batch))
            {
                return tail.Columns;
            }

            return [.. Enumerable.Range(0, _width).Select(c => TailColumn.CopyOf(_baseOpen.Batch.Column(c), _capacity))];
        }

        // A writer that filled a segment is loading many rows: the next one gets its full size at once.
        var rows = _sealed.Count > 0 ? _capacity : _expectedRows;
        return [.. fields.Select(f => TailColumn.Create(f.DataType, rows, _capacity))];
    }

    private TableSnapshot BuildSnapshot()
    {
        var segments = _base.Segments.ToBuilder();
        var staged = new List<RecordBatch>(_sealed);
        _builtTail = null;
        if (_tail is not null)
        {
            _builtTail = BuildTail(exact: false);
            staged.Add(_builtTail);
        }

        for (var i = 0; i < staged.Count; i++)
        {
            var index = _firstStagedSegment + i;
            if (index < segments.Count)
            {
                segments[index] = new Segment(staged[i], segments[index].Deleted, segments[index].Compactions); // the base's open segment, grown
            }
            else
            {
                segments.Add(new Segment(staged[i], null));
            }
        }

        foreach (var (index, words) in _deleted)
        {
            var segment = segments[index];
            var vector = (segment.Deleted ?? DeletionVector.Empty(segment.RowCount)).WithDeletedWords(words, segment.RowCount);
            segments[index] = segment.WithDeleted(vector);
        }

        return new TableSnapshot(_base.Name, _base.Schema, segments.ToImmutable());
    }

    /// <summary>The segment being filled as Arrow arrays; <paramref name="exact"/> when it is sealed (buffers of its own).</summary>
    private RecordBatch BuildTail(bool exact)
    {
        var arrays = new IArrowArray[_width];
        for (var c = 0; c < _width; c++)
        {
            arrays[c] = _tail![c].Build(_tailRows, exact);
        }

        return new RecordBatch(_base.Schema, arrays, _tailRows);
    }
}
