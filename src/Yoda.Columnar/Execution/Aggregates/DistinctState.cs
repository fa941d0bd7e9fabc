using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The DISTINCT form of an aggregate: passes each (group, value) pair to the inner state once.
/// Specialised, INTEGER, REAL and TEXT values are remembered unboxed (INTEGER values as bits while their range
/// is narrow, see <see cref="GroupIntegerBitmap"/>; while there is one group, INTEGER and REAL keys without their group, see <see cref="KeepFirstKeys"/>; reals by their bits, see
/// <see cref="RealKeys"/>; texts as ids of their UTF-8 bytes, see <see cref="KeepFirstTexts"/>); otherwise (and for blobs) as
/// a boxed <see cref="GroupKey"/>, the reference form. When <paramref name="distinctByKey"/>, values are
/// equal when their keys are (the folded texts under NOCASE or RTRIM), the first value met of each is
/// passed on, and the key is not. The sets' large arrays are rented from <paramref name="buffers"/>.
/// </summary>
public sealed class DistinctState(AggregateState inner, bool specialised, bool distinctByKey = false, QueryBuffers? buffers = null) : AggregateState
{
    /// <summary>Bytes counted per pair of the reference form besides a text's or blob's bytes: the set's entry and bucket, the <see cref="GroupKey"/>, its array and the boxed value.</summary>
    private const long BytesPerBoxedPair = 112;

    private readonly HashSet<(int Group, GroupKey Value)> _seen = [];
    private readonly GroupIntegerSet _seenIntegers = new(buffers);
    private readonly GroupIntegerSet _seenReals = new(buffers);

    // The INTEGER values' pairs while their range is narrow (see KeepFirstIntegers); null once it has turned wide.
    private GroupIntegerBitmap? _integerBitmap = new(buffers);

    // While there is one group, the INTEGER and REAL keys seen (no pairs); null once a second group appears.
    private IntegerValueSet? _singleGroupIntegers = new(buffers);
    private IntegerValueSet? _singleGroupReals = new(buffers);
    private long[] _realKeys = [];
    private readonly TextIdTable _texts = new();
    private readonly GroupIntegerSet _seenTextIds = new(buffers);
    private bool _textPairsKept;
    private long _boxedBytes;
    private int[] _keptRows = new int[Chunk.Capacity];
    private int[] _keptGroups = new int[Chunk.Capacity];

    // The codes of the stored text array last read (see KeepFirstTexts), and each code's text id + 1 (0: not looked up yet).
    private StoredTextCodes? _codes;
    private int[] _codeIds = [];

    // While one group: the array's rows read so far, all of them in order from row 0 (-1: not so, see KeepFirstCodes), and the
    // codes looked up, 0 .. _codesMet - 1 (those of the texts in those rows: codes are numbered in order of first appearance).
    private int _rowsMet;
    private int _codesMet;

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        if (_keptRows.Length < rows.Length)
        {
            _keptRows = new int[rows.Length];
            _keptGroups = new int[rows.Length];
        }

        var values = argument!;
        var compared = distinctByKey ? key! : values;
        var kept = (specialised, compared.Kind) switch
        {
            (true, ValueKind.Text) => KeepFirstTexts(values, compared, rows, groups, groupCount),
            (true, ValueKind.Integer) when !distinctByKey => KeepFirstIntegers(values, rows, groups, groupCount),
            (true, ValueKind.Real) when !distinctByKey =>
                KeepFirstKeys(ref _singleGroupReals, _seenReals, RealKeys(values.DoubleValues, rows), values.Nulls, rows, groups, groupCount),
            _ => KeepFirstValues(values, compared, rows, groups),
        };
        inner.Update(argument, distinctByKey ? null : key, _keptRows.AsSpan(0, kept), _keptGroups.AsSpan(0, kept), groupCount);
    }

    /// <summary>
    /// The loop for INTEGER values: bits in <see cref="GroupIntegerBitmap"/>s while the values' range
    /// is narrow enough for the groups; once a batch would make it too wide, the pairs set so far go
    /// into the hash sets (the one group's values, or pairs), which take that batch and the rest.
    /// </summary>
    private int KeepFirstIntegers(ColumnVector values, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        if (_integerBitmap is { } bitmap)
        {
            var kept = bitmap.TryAddRows(values.LongValues, values.Nulls, rows, groups, groupCount, _keptRows, _keptGroups);
            if (kept >= 0)
            {
                return kept;
            }

            if (_singleGroupIntegers is { } single && groupCount == 1)
            {
                bitmap.MoveTo(single);
            }
            else
            {
                bitmap.MoveTo(_seenIntegers);
            }

            _integerBitmap = null;
        }

        return KeepFirstKeys(ref _singleGroupIntegers, _seenIntegers, values.LongValues, values.Nulls, rows, groups, groupCount);
    }

    /// <summary>
    /// The loop for INTEGER keys (INTEGER values, or REAL values' <see cref="RealKeys"/>). While there
    /// is one group, a key is new to it exactly when it is new to <paramref name="single"/>, and no
    /// (group, key) pairs are kept; once a second group appears, the keys seen go into
    /// <paramref name="pairs"/> as pairs of group 0 and <paramref name="single"/> is dropped.
    /// </summary>
    private int KeepFirstKeys(ref IntegerValueSet? single, GroupIntegerSet pairs, ReadOnlySpan<long> keys, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        if (single is not null && groupCount > 1)
        {
            single.MoveTo(pairs, group: 0);
            single = null;
        }

        if (single is null)
        {
            return pairs.AddRows(keys, nulls, rows, groups, _keptRows, _keptGroups);
        }

        var kept = single.AddRows(keys, nulls, rows, _keptRows);
        _keptGroups.AsSpan(0, kept).Clear();
        return kept;
    }

    /// <summary>
    /// The selected REAL values as the INTEGER keys of their equality classes: the bits of the value,
    /// with -0.0 as 0.0 (they are equal in SQL) and one NaN for every NaN.
    /// </summary>
    private ReadOnlySpan<long> RealKeys(ReadOnlySpan<double> values, ReadOnlySpan<int> rows)
    {
        if (_realKeys.Length < values.Length)
        {
            _realKeys = new long[Math.Max(values.Length, Chunk.Capacity)];
        }

        foreach (var row in rows)
        {
            var value = values[row];
            _realKeys[row] = BitConverter.DoubleToInt64Bits(value == 0 ? 0.0 : double.IsNaN(value) ? double.NaN : value);
        }

        return _realKeys.AsSpan(0, values.Length);
    }

    private int KeepFirstValues(ColumnVector values, ColumnVector compared, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        var kept = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var (row, group) = (rows[k], groups[k]);
            if (values.IsNull(row))
            {
                continue;
            }

            var value = compared.GetValue(row);
            if (!_seen.Add((group, new GroupKey([value]))))
            {
                continue;
            }

            _boxedBytes += BytesPerBoxedPair + value switch
            {
                string text => 2L * text.Length,
                byte[] blob => blob.Length,
                _ => 0,
            };

            _keptRows[kept] = row;
            _keptGroups[kept++] = group;
        }

        return kept;
    }

    /// <summary>
    /// The loop for texts, numbered by their bytes. While there is one group, a text is new to it
    /// exactly when its id is new, and no (group, id) pairs are kept; they are filled in when a
    /// second group appears. A stored array with segment codes (<see cref="StoredTextCodes"/>) has
    /// each code's text looked up once: ClickBench's SearchPhrase is '' in most rows.
    /// </summary>
    private int KeepFirstTexts(ColumnVector values, ColumnVector compared, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        if (groupCount > 1 && !_textPairsKept)
        {
            for (var id = 0; id < _texts.Count; id++)
            {
                _seenTextIds.Add(0, id);
            }

            _textPairsKept = true;
        }

        var stored = compared.HasUtf8 ? compared.Utf8Texts : default;
        var texts = compared.HasUtf8 ? null : compared.Texts;
        var valid = compared.HasUtf8 && compared.Utf8IsAscii;
        var rowCodes = CodesOf(compared);
        var codeIds = _codeIds;
        if (!rowCodes.IsEmpty && !_textPairsKept && ReferenceEquals(values, compared) && ContinuesTheArray(compared, rows))
        {
            return KeepFirstCodes(compared, stored, valid);
        }

        // Rows read out of order, or some left out (deleted, filtered): the array's later rows are read row by row too.
        _rowsMet = -1;
        var kept = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (values.IsNull(row))
            {
                continue;
            }

            var before = _texts.Count;
            int id;
            if (!rowCodes.IsEmpty)
            {
                ref var slot = ref codeIds[rowCodes[row]];
                if (slot == 0)
                {
                    slot = (valid ? _texts.GetOrAddValidUtf8(stored[row]) : _texts.GetOrAddStored(stored[row])) + 1;
                }

                id = slot - 1;
            }
            else
            {
                id = texts is not null ? _texts.GetOrAdd(texts[row])
                    : valid ? _texts.GetOrAddValidUtf8(stored[row])
                    : _texts.GetOrAddStored(stored[row]);
            }

            if (_textPairsKept ? _seenTextIds.Add(groups[k], id) : id == before)
            {
                _keptRows[kept] = row;
                _keptGroups[kept++] = groups[k];
            }
        }

        return kept;
    }

    /// <summary>
    /// Whether the rows are every row of the vector, and the vector goes on from the last row of the array read so far
    /// (<see cref="_rowsMet"/>; all of them, from row 0).
    /// </summary>
    private bool ContinuesTheArray(ColumnVector compared, ReadOnlySpan<int> rows) =>
        _rowsMet == compared.StoredUtf8Start && rows.Length == compared.Length && rows.SequenceEqual(Chunk.FirstRows(rows.Length));

    /// <summary>
    /// <see cref="KeepFirstTexts"/> for one group and a vector that continues the array (<see cref="ContinuesTheArray"/>), without
    /// a look at its rows: a text can be new only at its first row in the array, and the codes first met in these rows are the
    /// next ones (codes are numbered in order of first appearance), each at its first row (<see cref="StoredTextCodes.FirstRows"/>).
    /// </summary>
    private int KeepFirstCodes(ColumnVector compared, Utf8Rows stored, bool valid)
    {
        var array = compared.StoredUtf8Array!;
        var firstRows = _codes!.FirstRows(array);
        var start = compared.StoredUtf8Start;
        var end = start + compared.Length;
        var kept = 0;
        for (; _codesMet < firstRows.Length && firstRows[_codesMet] < end; _codesMet++)
        {
            var row = firstRows[_codesMet] - start;
            var before = _texts.Count;
            var id = valid ? _texts.GetOrAddValidUtf8(stored[row]) : _texts.GetOrAddStored(stored[row]);
            _codeIds[_codesMet] = id + 1;
            if (id == before)
            {
                _keptRows[kept] = row;
                _keptGroups[kept++] = 0;
            }
        }

        _rowsMet = end;
        return kept;
    }

    /// <summary>
    /// The segment codes of the vector's rows when it reads a stored array that has them (else empty),
    /// with <see cref="_codeIds"/> cleared when the array is another than the one read before.
    /// </summary>
    private ReadOnlySpan<ushort> CodesOf(ColumnVector compared)
    {
        if (compared.StoredUtf8Array is not { } array || StoredTextCodes.Of(array) is not { } codes)
        {
            return default;
        }

        if (!ReferenceEquals(codes, _codes))
        {
            // The next segment's array: its codes mean other texts.
            _codes = codes;
            if (_codeIds.Length < codes.Count)
            {
                _codeIds = new int[Math.Max(codes.Count, _codeIds.Length * 2)];
            }

            _codeIds.AsSpan(0, codes.Count).Clear();
            (_rowsMet, _codesMet) = (0, 0);
        }

        return codes.Codes.AsSpan(compared.StoredUtf8Start);
    }

    /// <summary>The sets of pairs seen, the distinct texts' table and what the inner state holds.</summary>
    public override long HeldBytes =>
        (_integerBitmap?.Bytes ?? 0) + (_singleGroupIntegers?.Bytes ?? 0) + (_singleGroupReals?.Bytes ?? 0) + _seenIntegers.Bytes + _seenReals.Bytes + _seenTextIds.Bytes + _texts.Bytes + _boxedBytes + inner.HeldBytes;

    public override ColumnVector Result(int groupCount) => inner.Result(groupCount);
}
