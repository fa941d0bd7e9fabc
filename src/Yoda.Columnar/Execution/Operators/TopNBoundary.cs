using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// The worst row a full top-N keeps. An incoming row can only enter if it orders strictly before it
/// (one that ties arrives later and loses the tie), so most rows are dropped before they are copied.
/// Stored INTEGER and TEXT keys are compared in storage form: integers in place, texts by their UTF-8
/// bytes against the boundary's (BINARY order is UTF-8 byte order), so no chunk is copied or decoded
/// to be dropped. A first key of few distinct ASCII texts (dates as ISO text) whose stored array is
/// dictionary-encoded (<see cref="StoredTextCodes"/>) is compared once per code, not once per row.
/// </summary>
internal sealed class TopNBoundary
{
    private readonly ColumnVector[] _columns;
    private readonly int _row;
    private readonly IReadOnlyList<SortKey> _keys;

    /// <summary>Codes at most whose orders against the boundary are kept (<see cref="CodeOrders"/>): 4 KB.</summary>
    private const int MaxOrderedCodes = 4096;

    /// <summary>Marks a code not compared yet in <see cref="_codeOrders"/>.</summary>
    private const sbyte Unknown = sbyte.MinValue;

    // Per key: the boundary's text as UTF-8 when it is a well-formed string, else null.
    private readonly byte[]?[] _boundUtf8;

    // The codes of the stored array of the first key last read, and each code's order against the boundary (see CodeOrders).
    private StoredTextCodes? _codes;
    private sbyte[] _codeOrders = [];

    public TopNBoundary(ColumnVector[] columns, int row, IReadOnlyList<SortKey> keys)
    {
        (_columns, _row, _keys) = (columns, row, keys);
        _boundUtf8 = keys.Select(key => Utf8Of(columns[key.Column], row)).ToArray();
    }

    /// <summary>The chunk narrowed to the rows that order before the boundary; null when none does.</summary>
    public Chunk? Filter(Chunk chunk)
    {
        var selection = chunk.Selection;
        var kept = ArrayPool<int>.Shared.Rent(selection.Length);
        try
        {
            var count = KeepBefore(chunk.Columns, selection, kept);
            return count == 0 ? null : count == selection.Length ? chunk : chunk.WithSelection(kept[..count]);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(kept);
        }
    }

    /// <summary>
    /// Writes the candidates that order before the boundary to <paramref name="kept"/>. The first key
    /// of a column without NULLs is compared in one loop over its stored values (integers, or all-ASCII
    /// UTF-8 texts); only rows that tie on it go on to the other keys.
    /// </summary>
    private int KeepBefore(ColumnVector[] columns, int[] selection, int[] kept)
    {
        var (key, value, bound) = (_keys[0], columns[_keys[0].Column], _columns[_keys[0].Column]);
        var tie = new Tie(this, columns);
        var count = 0;
        if (value.Nulls is null && !bound.IsNull(_row) && value.Kind == ValueKind.Integer && bound.Kind == ValueKind.Integer)
        {
            var values = value.LongValues;
            var boundValue = bound.LongValues[_row];
            foreach (var candidate in selection)
            {
                kept[count] = candidate;
                var order = values[candidate].CompareTo(boundValue);
                count += (order == 0 ? tie.OrdersBefore(candidate) : key.Descending ? order > 0 : order < 0) ? 1 : 0;
            }

            return count;
        }

        if (value.Nulls is null && _boundUtf8[0] is { } codedBound && value.StoredUtf8Array is { } array
            && StoredTextCodes.Of(array) is { IsAscii: true, Count: <= MaxOrderedCodes } codes)
        {
            var texts = value.Utf8Texts;
            var rowCodes = codes.Codes.AsSpan(value.StoredUtf8Start);
            var orders = CodeOrders(codes);
            foreach (var candidate in selection)
            {
                kept[count] = candidate;
                ref var order = ref orders[rowCodes[candidate]];
                if (order == Unknown)
                {
                    order = (sbyte)Math.Sign(texts[candidate].SequenceCompareTo(codedBound));
                }

                count += (order == 0 ? tie.OrdersBefore(candidate) : key.Descending ? order > 0 : order < 0) ? 1 : 0;
            }

            return count;
        }

        if (value.Nulls is null && _boundUtf8[0] is { } boundUtf8 && value.HasUtf8 && value.Utf8IsAscii)
        {
            var texts = value.Utf8Texts;
            foreach (var candidate in selection)
            {
                kept[count] = candidate;
                var order = texts[candidate].SequenceCompareTo(boundUtf8);
                count += (order == 0 ? tie.OrdersBefore(candidate) : key.Descending ? order > 0 : order < 0) ? 1 : 0;
            }

            return count;
        }

        foreach (var candidate in selection)
        {
            kept[count] = candidate;
            count += OrdersBefore(columns, candidate, 0) ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// Each code's order (-1, 0, 1) of its text against the first key's boundary, <see cref="Unknown"/> until a row of it is
    /// compared: kept while chunks of the same array come, started again for the next array's codes.
    /// </summary>
    private sbyte[] CodeOrders(StoredTextCodes codes)
    {
        if (!ReferenceEquals(codes, _codes))
        {
            _codes = codes;
            if (_codeOrders.Length < codes.Count)
            {
                _codeOrders = new sbyte[Math.Max(codes.Count, Math.Min(2 * _codeOrders.Length, MaxOrderedCodes))];
            }

            _codeOrders.AsSpan(0, codes.Count).Fill(Unknown);
        }

        return _codeOrders;
    }

    /// <summary>
    /// Whether a candidate that ties the boundary on the first key orders before it. A second key that is INTEGER
    /// without NULLs on both sides is compared in place: after the scan has dropped the rows past the boundary's
    /// first key (<see cref="Scan.TopNScanBound"/>), most of cb-topn-rows' rows tie it on the date and are settled
    /// by WatchID, which the general comparison tested NULL by NULL and kind by kind.
    /// </summary>
    private readonly ref struct Tie
    {
        private readonly TopNBoundary _boundary;
        private readonly ColumnVector[] _columns;
        private readonly ReadOnlySpan<long> _values;
        private readonly long _bound;
        private readonly bool _inPlace;
        private readonly bool _descending;

        public Tie(TopNBoundary boundary, ColumnVector[] columns)
        {
            (_boundary, _columns) = (boundary, columns);
            if (boundary._keys.Count > 1 && boundary._keys[1] is var key
                && columns[key.Column] is { Kind: ValueKind.Integer, Nulls: null } value
                && boundary._columns[key.Column] is { Kind: ValueKind.Integer } bound && !bound.IsNull(boundary._row))
            {
                _values = value.LongValues;
                (_bound, _inPlace, _descending) = (bound.LongValues[boundary._row], true, key.Descending);
            }
        }

        public bool OrdersBefore(int candidate)
        {
            if (!_inPlace)
            {
                return _boundary.OrdersBefore(_columns, candidate, 1);
            }

            var order = _values[candidate].CompareTo(_bound);
            return order == 0 ? _boundary.OrdersBefore(_columns, candidate, 2) : _descending ? order > 0 : order < 0;
        }
    }

    /// <summary>The row order of <see cref="RowComparer"/> (NULL placement independent of the direction), against the boundary, from key <paramref name="from"/> on.</summary>
    private bool OrdersBefore(ColumnVector[] candidateColumns, int candidate, int from)
    {
        for (var k = from; k < _keys.Count; k++)
        {
            var key = _keys[k];
            var (value, bound) = (candidateColumns[key.Column], _columns[key.Column]);
            var (valueNull, boundNull) = (value.IsNull(candidate), bound.IsNull(_row));
            if (valueNull || boundNull)
            {
                if (valueNull && boundNull)
                {
                    continue;
                }

                return valueNull == key.NullsFirst;
            }

            var order = Compare(value, candidate, bound, _boundUtf8[k]);
            if (order != 0)
            {
                return key.Descending ? order > 0 : order < 0;
            }
        }

        return false;
    }

    private int Compare(ColumnVector value, int candidate, ColumnVector bound, byte[]? boundUtf8)
    {
        if (value.Kind == ValueKind.Integer && bound.Kind == ValueKind.Integer)
        {
            return value.LongValues[candidate].CompareTo(bound.LongValues[_row]);
        }

        if (boundUtf8 is not null && value.HasUtf8)
        {
            var utf8 = value.Utf8At(candidate);
            if (value.Utf8IsAscii || Utf8.IsValid(utf8))
            {
                return utf8.SequenceCompareTo(boundUtf8);
            }
        }

        return ColumnVector.Compare(value, candidate, bound, _row);
    }

    private static byte[]? Utf8Of(ColumnVector column, int row)
    {
        if (column.Kind != ValueKind.Text || column.IsNull(row))
        {
            return null;
        }

        var text = column.TextOf(row);
        var utf8 = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        return Utf8.FromUtf16(text, utf8, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done ? utf8[..written] : null;
    }
}
