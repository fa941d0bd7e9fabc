using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// MIN or MAX of non-NULL values of one kind, keeping that kind; NULL for no values. Stored texts
/// are compared by their UTF-8 bytes (BINARY order) against a copy of each group's best bytes, and
/// decoded only when they become a group's best.
/// </summary>
public sealed class MinMaxState(ValueKind kind, bool isMax) : AggregateState
{
    private ColumnVector _best = NewBests(kind, isMax, 16);
    private bool[] _seen = new bool[16];
    private readonly GroupUtf8Values _bestUtf8 = new();

    /// <summary>A fold of fewer than one row in this many of a stored text vector checks its rows' bytes, not the vector's.</summary>
    private const int SparseFoldRatio = 4;

    // Texts and blobs are held per group beside the slot: counted against the query's memory (HeldBytes).
    private readonly bool _holdsPayloads = kind is not (ValueKind.Integer or ValueKind.Real);
    private long _payloadBytes;

    public override long HeldBytes => _payloadBytes + _bestUtf8.HeldBytes;

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        EnsureCapacity(groupCount);
        var input = argument!;
        if (kind == ValueKind.Integer && input.Kind == ValueKind.Integer)
        {
            UpdateIntegers(input.LongValues, input.Nulls, rows, groups);
            return;
        }

        if (kind == ValueKind.Real && input.Kind == ValueKind.Real)
        {
            UpdateReals(input.DoubleValues, input.Nulls, rows, groups);
            return;
        }

        if (kind == ValueKind.Text && input.HasUtf8)
        {
            UpdateStoredTexts(input, rows, groups);
            return;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (input.IsNull(row))
            {
                continue;
            }

            var g = groups[k];
            if (!_seen[g] || Better(input, row, g))
            {
                SetBest(g, input, row);
            }
        }
    }

    /// <summary>
    /// The loop of <see cref="Update"/> for texts still in storage form. Bytes that are not valid
    /// UTF-8 order as the string they decode to, so such a row (or a group whose best came from a
    /// string) is compared as strings.
    /// </summary>
    private void UpdateStoredTexts(ColumnVector input, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        var stored = input.Utf8Texts;
        var nulls = input.Nulls;

        // Checking the whole vector reads all its bytes: where few of its rows are folded (a selective
        // filter), each folded row's bytes are checked instead.
        var allValid = rows.Length * SparseFoldRatio >= input.Length && input.Utf8IsAscii;
        var (bestGroup, bestKnown) = (-1, false);
        var best = ReadOnlySpan<byte>.Empty;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            var g = groups[k];
            if (g != bestGroup)
            {
                bestGroup = g;
                bestKnown = _bestUtf8.TryGet(g, out best);
            }

            var utf8 = stored[row];
            var valid = allValid || System.Text.Unicode.Utf8.IsValid(utf8);
            if (_seen[g] && !(valid && bestKnown
                    ? (isMax ? utf8.SequenceCompareTo(best) > 0 : utf8.SequenceCompareTo(best) < 0)
                    : Better(input, row, g)))
            {
                continue;
            }

            SetBest(g, input, row);
            if (valid)
            {
                _bestUtf8.Set(g, utf8);
            }

            bestGroup = -1;
        }
    }

    private void SetBest(int g, ColumnVector input, int row)
    {
        if (!_holdsPayloads)
        {
            _best.CopyFrom(g, input, row);
        }
        else if (_seen[g])
        {
            _payloadBytes += CopyCounted(_best, g, input, row);
        }
        else
        {
            // A slot never set has no value to count (its text is null, not NULL).
            _best.CopyFrom(g, input, row);
            _payloadBytes += PayloadBytes(_best, g);
        }

        _seen[g] = true;
        _bestUtf8.Forget(g);
    }

    /// <summary>A later partial's value replaces this one only when strictly better: ties keep the first, as a serial run does.</summary>
    public override void Merge(AggregateState partial, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups, int groupCount)
    {
        EnsureCapacity(groupCount);
        var other = (MinMaxState)partial;
        if (kind == ValueKind.Integer)
        {
            MergeTyped(other._best.Longs, other._seen, _best.Longs, partialGroups, groups);
            return;
        }

        if (kind == ValueKind.Real)
        {
            MergeTyped(other._best.Doubles, other._seen, _best.Doubles, partialGroups, groups);
            return;
        }

        for (var k = 0; k < groups.Length; k++)
        {
            var (g, target) = (partialGroups[k], groups[k]);
            if (other._seen[g] && (!_seen[target] || Better(other._best, g, target)))
            {
                SetBest(target, other._best, g);

                // The partial's bytes go with its value: later folds into this state compare bytes,
                // not a string decoded per row (the serial fold after a parallel one's merges).
                if (other._bestUtf8.TryGet(g, out var utf8))
                {
                    _bestUtf8.Set(target, utf8);
                }
            }
        }
    }

    public override ColumnVector Result(int groupCount)
    {
        EnsureCapacity(groupCount);
        var result = ColumnVector.Create(kind, groupCount, withNulls: true);
        for (var g = 0; g < groupCount; g++)
        {
            if (_seen[g])
            {
                result.CopyFrom(g, _best, g);
            }
            else
            {
                result.Nulls![g] = true;
            }
        }

        return result;
    }

    /// <summary>The loop of <see cref="Update"/> for REAL values: <see cref="ColumnVector.Compare"/>'s order without its dispatch per row.</summary>
    private void UpdateReals(ReadOnlySpan<double> values, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        if (isMax)
        {
            UpdateReals<Larger>(values, _best.Doubles, _seen, nulls, rows, groups);
        }
        else
        {
            UpdateReals<Smaller>(values, _best.Doubles, _seen, nulls, rows, groups);
        }
    }

    /// <summary>
    /// <see cref="UpdateReals(ReadOnlySpan{double}, bool[], ReadOnlySpan{int}, ReadOnlySpan{int})"/> with the
    /// direction a type (compiled into the loop) and the state's arrays passed in, so that no field is read
    /// again per row. REALs keep the test of whether a group has a best (no identity: a NaN compares below
    /// every value, so a best of -Inf would hide a lone NaN where the first value wins).
    /// </summary>
    private static void UpdateReals<TOrder>(ReadOnlySpan<double> values, double[] best, bool[] seen, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
        where TOrder : struct, IOrder
    {
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            var (g, value) = (groups[k], values[row]);
            if (!seen[g])
            {
                (best[g], seen[g]) = (value, true);
            }
            else if (TOrder.Replaces(value.CompareTo(best[g])))
            {
                best[g] = value;
            }
        }
    }

    /// <summary>
    /// The loop of <see cref="Update"/> for INTEGER values into INTEGER bests. An unseen group's best is the
    /// identity of the direction (<see cref="NewBests"/>), which any value equals or replaces, so a row marks its
    /// group seen without reading whether it was, and takes the better of the two without a branch (h2o-q7's
    /// MAX(v1) - MIN(v2) over 10,000 groups, a few rows each a morsel: both branches were mispredicted often).
    /// Equal INTEGERs are the same value, so which of them is kept does not matter.
    /// </summary>
    private void UpdateIntegers(ReadOnlySpan<long> values, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        if (isMax)
        {
            UpdateIntegers<Larger>(values, _best.Longs, _seen, nulls, rows, groups);
        }
        else
        {
            UpdateIntegers<Smaller>(values, _best.Longs, _seen, nulls, rows, groups);
        }
    }

    private static void UpdateIntegers<TOrder>(ReadOnlySpan<long> values, long[] best, bool[] seen, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
        where TOrder : struct, IOrder
    {
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            var g = groups[k];
            seen[g] = true;
            best[g] = TOrder.Better(best[g], values[row]);
        }
    }

    /// <summary><see cref="Merge"/> of INTEGER or REAL bests, compared as <see cref="UpdateReals(ReadOnlySpan{double}, bool[], ReadOnlySpan{int}, ReadOnlySpan{int})"/> does, without <see cref="ColumnVector.Compare"/>'s dispatch per group.</summary>
    private void MergeTyped<T>(T[] from, bool[] fromSeen, T[] into, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups)
        where T : IComparable<T>
    {
        if (isMax)
        {
            MergeTyped<T, Larger>(from, fromSeen, into, _seen, partialGroups, groups);
        }
        else
        {
            MergeTyped<T, Smaller>(from, fromSeen, into, _seen, partialGroups, groups);
        }
    }

    private static void MergeTyped<T, TOrder>(T[] from, bool[] fromSeen, T[] into, bool[] seen, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups)
        where T : IComparable<T>
        where TOrder : struct, IOrder
    {
        for (var k = 0; k < groups.Length; k++)
        {
            var (g, target) = (partialGroups[k], groups[k]);
            if (fromSeen[g] && (!seen[target] || TOrder.Replaces(from[g].CompareTo(into[target]))))
            {
                (into[target], seen[target]) = (from[g], true);
            }
        }
    }

    /// <summary>Whether a value replaces a group's best, from how it compares with it; the better of two INTEGERs.</summary>
    private interface IOrder
    {
        static abstract bool Replaces(int comparison);

        static abstract long Better(long best, long value);
    }

    private readonly struct Larger : IOrder
    {
        public static bool Replaces(int comparison) => comparison > 0;

        public static long Better(long best, long value) => Math.Max(best, value);
    }

    private readonly struct Smaller : IOrder
    {
        public static bool Replaces(int comparison) => comparison < 0;

        public static long Better(long best, long value) => Math.Min(best, value);
    }

    private bool Better(ColumnVector input, int row, int g)
    {
        // A stored text row is decoded alone, not the whole vector.
        var order = kind == ValueKind.Text && input.Kind == ValueKind.Text
            ? TextKernels.CompareBinary(input.TextOf(row), _best.Texts[g])
            : ColumnVector.Compare(input, row, _best, g);
        return isMax ? order > 0 : order < 0;
    }

    private void EnsureCapacity(int groupCount)
    {
        Grow(ref _seen, groupCount);
        if (_best.Length < groupCount)
        {
            var grown = NewBests(kind, isMax, Math.Max(groupCount, _best.Length * 2));
            if (kind == ValueKind.Integer)
            {
                // No slot of a typed best is NULL (its nulls stay false): the values are all there is to copy.
                _best.Longs.CopyTo(grown.Longs, 0);
            }
            else if (kind == ValueKind.Real)
            {
                _best.Doubles.CopyTo(grown.Doubles, 0);
            }
            else
            {
                for (var g = 0; g < _best.Length; g++)
                {
                    if (_seen[g])
                    {
                        grown.CopyFrom(g, _best, g);
                    }
                }
            }

            _best = grown;
        }
    }

    /// <summary>Bests for <paramref name="length"/> groups; INTEGER ones start at the identity of the direction (see <see cref="UpdateIntegers"/>).</summary>
    private static ColumnVector NewBests(ValueKind kind, bool isMax, int length)
    {
        var bests = ColumnVector.Create(kind, length, withNulls: true);
        if (kind == ValueKind.Integer)
        {
            bests.Longs.AsSpan().Fill(isMax ? long.MinValue : long.MaxValue);
        }

        return bests;
    }
}
