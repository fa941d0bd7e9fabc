namespace Yoda.Columnar.Execution.Windows;

/// <summary>
/// The rows of one window sorted by partition and order keys, one partition at a time: the peer
/// groups (rows with equal ORDER BY keys) of the current partition and the frame of each row.
/// Positions are indexes into <see cref="Order"/>; arrays are sized once for all partitions.
/// </summary>
internal sealed class WindowPartition
{
    private readonly WindowFrame _frame;
    private readonly ColumnVector[] _orderKeys;
    private readonly bool _descending;
    private readonly int[] _groupOf;
    private readonly int[] _groupStart;
    private readonly int[] _groupEnd;
    private int _nonNullStart;
    private int _nonNullEnd;

    public WindowPartition(int[] order, ColumnVector[] orderKeys, bool firstKeyDescending, WindowFrame frame)
    {
        Order = order;
        _orderKeys = orderKeys;
        _descending = firstKeyDescending;
        _frame = frame;
        _groupOf = new int[order.Length];
        _groupStart = new int[order.Length + 1];
        _groupEnd = new int[order.Length + 1];
    }

    /// <summary>Physical rows in window order.</summary>
    public int[] Order { get; }

    public int Start { get; private set; }

    public int End { get; private set; }

    public int Size => End - Start;

    /// <summary>The peer group of a position, numbered from 0 at the partition's start.</summary>
    public int GroupOf(int position) => _groupOf[position];

    public int GroupStart(int group) => _groupStart[group];

    public int GroupEnd(int group) => _groupEnd[group];

    /// <summary>Moves to the partition [start, end) and finds its peer groups.</summary>
    public void Reset(int start, int end)
    {
        (Start, End) = (start, end);
        var group = 0;
        _groupStart[0] = start;
        for (var p = start; p < end; p++)
        {
            if (p > start && !WindowKeys.Equal(_orderKeys, Order[p - 1], Order[p]))
            {
                _groupEnd[group] = p;
                _groupStart[++group] = p;
            }

            _groupOf[p] = group;
        }

        _groupEnd[group] = end;
        if (_frame.Unit == FrameUnit.Range && _orderKeys.Length == 1)
        {
            FindNonNullRows();
        }
    }

    /// <summary>The frame of a position before EXCLUDE: [start, end), empty when start = end; neither bound ever decreases along a partition.</summary>
    public (int Start, int End) Bounds(int position)
    {
        var (start, end) = _frame.Unit switch
        {
            FrameUnit.Rows => (RowBound(position, _frame.Start, _frame.StartOffset, false), RowBound(position, _frame.End, _frame.EndOffset, true)),
            FrameUnit.Groups => (GroupBound(position, _frame.Start, _frame.StartOffset, false), GroupBound(position, _frame.End, _frame.EndOffset, true)),
            _ => (RangeBound(position, _frame.Start, _frame.StartOffset, false), RangeBound(position, _frame.End, _frame.EndOffset, true)),
        };
        return (start, Math.Max(start, end));
    }

    /// <summary>The rows of a position's frame after EXCLUDE.</summary>
    public FrameSegments Frame(int position)
    {
        var (start, end) = Bounds(position);
        var segments = default(FrameSegments);
        var group = _groupOf[position];
        switch (_frame.Exclusion)
        {
            case FrameExclusion.NoOthers:
                segments.Add(start, end);
                break;
            case FrameExclusion.CurrentRow:
                segments.Add(start, Math.Min(end, position));
                segments.Add(Math.Max(start, position + 1), end);
                break;
            case FrameExclusion.Group:
                segments.Add(start, Math.Min(end, _groupStart[group]));
                segments.Add(Math.Max(start, _groupEnd[group]), end);
                break;
            default:
                segments.Add(start, Math.Min(end, _groupStart[group]));
                segments.Add(Math.Max(start, position), Math.Min(end, position + 1));
                segments.Add(Math.Max(start, _groupEnd[group]), end);
                break;
        }

        return segments;
    }

    /// <summary>A frame bound in rows; <paramref name="isEnd"/> gives the exclusive end.</summary>
    private int RowBound(int position, FrameBoundKind kind, double offset, bool isEnd)
    {
        var n = (long)offset;
        var at = kind switch
        {
            FrameBoundKind.UnboundedPreceding => Start,
            FrameBoundKind.Preceding => position - n,
            FrameBoundKind.CurrentRow => position,
            FrameBoundKind.Following => position + n,
            _ => End,
        };
        if (isEnd && kind is not (FrameBoundKind.UnboundedPreceding or FrameBoundKind.UnboundedFollowing))
        {
            at++;
        }

        return (int)Math.Clamp(at, Start, End);
    }

    private int GroupBound(int position, FrameBoundKind kind, double offset, bool isEnd)
    {
        var groups = _groupOf[End - 1] + 1;
        var n = (long)offset;
        var group = kind switch
        {
            FrameBoundKind.Preceding => _groupOf[position] - n,
            FrameBoundKind.CurrentRow => _groupOf[position],
            FrameBoundKind.Following => _groupOf[position] + n,
            FrameBoundKind.UnboundedPreceding => -1,
            _ => groups,
        };
        if (group < 0)
        {
            return Start;
        }

        if (group >= groups)
        {
            return End;
        }

        return isEnd ? _groupEnd[group] : _groupStart[group];
    }

    /// <summary>
    /// A RANGE bound: for n PRECEDING/FOLLOWING, the first row whose key is past the current key
    /// -/+ n in the sort direction; a NULL key's offset frame is its peers (the NULL rows).
    /// </summary>
    private int RangeBound(int position, FrameBoundKind kind, double offset, bool isEnd)
    {
        var group = _groupOf[position];
        switch (kind)
        {
            case FrameBoundKind.UnboundedPreceding: return Start;
            case FrameBoundKind.UnboundedFollowing: return End;
            case FrameBoundKind.CurrentRow: return isEnd ? _groupEnd[group] : _groupStart[group];
        }

        var key = _orderKeys[0];
        if (key.IsNull(Order[position]) || !IsNumberAt(position))
        {
            // SQLite adds the offset to numeric keys only: a TEXT or BLOB key's bound is its peers.
            return isEnd ? _groupEnd[group] : _groupStart[group];
        }

        // Toward the start of the sort order is "preceding": smaller keys ascending, larger descending.
        var towardStart = kind == FrameBoundKind.Preceding;
        var target = KeyAt(position) + ((towardStart ^ _descending) ? -offset : offset);
        var (low, high) = (_nonNullStart, _nonNullEnd);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var order = CompareKeyAt(middle, target);
            var before = _descending
                ? (isEnd ? order >= 0 : order > 0)
                : (isEnd ? order <= 0 : order < 0);
            if (before)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private double KeyAt(int position)
    {
        var key = _orderKeys[0];
        var row = Order[position];
        return key.Kind switch
        {
            ValueKind.Integer => key.Longs[row],
            ValueKind.Real => key.Doubles[row],
            _ => key.Dynamic.NumberAt(row),
        };
    }

    private bool IsNumberAt(int position) => _orderKeys[0].KindAt(Order[position]) is ValueKind.Integer or ValueKind.Real;

    /// <summary>A key against a number, in SQLite's order: a TEXT or BLOB key (per-row types) is greater than any number.</summary>
    private int CompareKeyAt(int position, double target) => IsNumberAt(position) ? KeyAt(position).CompareTo(target) : 1;

    /// <summary>NULL keys sort together at one end of the partition; RANGE offsets search the other rows.</summary>
    private void FindNonNullRows()
    {
        var key = _orderKeys[0];
        (_nonNullStart, _nonNullEnd) = (Start, End);
        while (_nonNullStart < End && key.IsNull(Order[_nonNullStart]))
        {
            _nonNullStart++;
        }

        while (_nonNullEnd > _nonNullStart && key.IsNull(Order[_nonNullEnd - 1]))
        {
            _nonNullEnd--;
        }
    }
}
