using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// SUM, TOTAL and AVG exactly as SQLite's sumStep/sumFinalize/totalFinalize/avgFinalize: an exact
/// 64-bit integer sum while every value is an INTEGER and the sum fits, then a Kahan-Babuska-Neumaier
/// sum (<see cref="CompensatedSums"/>). SUM fails with "integer overflow" when an INTEGER sum
/// overflowed and no REAL came after; SUM and AVG of no values are NULL, TOTAL of none is 0.0; a NaN
/// result is NULL. Values are folded in scan order, so overflow depends on that order as in SQLite.
/// A text adds as <see cref="NumericText.SummandOf"/> reads it, a blob as its numeric prefix (a REAL);
/// SUM over texts is an INTEGER per group where every text looked like an integer, else a REAL.
/// A REAL sum that merges workers' <see cref="RealSumPartial"/>s takes their order-independent form
/// and decides the compensated sum from it at the end, or asks for a serial run (<see cref="CompensatedSumBound"/>).
/// </summary>
public sealed class SumState(AggregateFunction function, ValueKind argumentKind, QueryBuffers? buffers = null) : AggregateState
{
    private const long UnknownBound = long.MaxValue;

    /// <summary>The largest bound a worker's state (<see cref="TryUpdateBounded"/>) may reach: 1/64 of the 64-bit range.</summary>
    private const long WorkerBoundLimit = long.MaxValue / 64;
    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    private readonly CompensatedSums _real = new(buffers);
    private long[] _integerSums = new long[16];
    private long[] _counts = new long[16];
    private bool[] _approximate = new bool[16];
    private bool[] _overflowed = new bool[16];
    private int _approximatePrefix;

    /// <summary>False while no group has ever overflowed: then no REAL needs to clear an overflow.</summary>
    private bool _anyOverflowed;

    /// <summary>No group's integer sum is further than this from 0 and none is approximate, or <see cref="UnknownBound"/>.</summary>
    private long _sumBound;

    /// <summary>
    /// A REAL sum's groups once a <see cref="RealSumPartial"/> was merged in: from then on its own rows
    /// are folded the same order-independent way, and the result is decided by <see cref="CompensatedSumBound"/>.
    /// </summary>
    private RealSumPartial? _merged;

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Fold(argument, rows, groups, groupCount, groupRuns: false);
        argument?.ReturnToPool();
    }

    /// <summary>REAL values are added a run of rows of one group at a time, the group's sum held in registers.</summary>
    public override void UpdateRuns(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Fold(argument, rows, groups, groupCount, groupRuns: true);
        argument?.ReturnToPool();
    }

    private void Fold(ColumnVector? argument, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount, bool groupRuns)
    {
        GrowExact(groupCount);
        var nulls = argument!.Nulls;
        if (argument.Kind == ValueKind.Integer)
        {
            var values = argument.LongValues[..argument.Length];
            var noOverflow = NoSumCanOverflow(argument, rows.Length);
            if (noOverflow)
            {
                AddUnchecked(_integerSums, _counts, values, nulls, rows, groups);
                return;
            }

            GrowAll(groupCount);
            if (nulls is null)
            {
                AddIntegers(values, rows, groups);
            }
            else
            {
                AddIntegers(values, nulls, rows, groups);
            }

            return;
        }

        // Other kinds may turn groups approximate or add what the bound does not know of.
        _sumBound = UnknownBound;
        GrowAll(groupCount);

        if (argument.Kind == ValueKind.Dynamic)
        {
            AddDynamic(argument, rows, groups);
            return;
        }

        if (argument.Kind is ValueKind.Text or ValueKind.Blob)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                if (nulls is null || !nulls[rows[k]])
                {
                    if (argument.Kind == ValueKind.Text && NumericText.IsIntegerSummand(argument.Texts[rows[k]], out var integer))
                    {
                        AddInteger(groups[k], integer);
                    }
                    else
                    {
                        AddReal(groups[k], argument.Kind == ValueKind.Text ? NumericText.ToReal(argument.Texts[rows[k]]) : NumericText.RealOf(argument.Blobs[rows[k]]));
                    }
                }
            }

            return;
        }

        if (_merged is not null)
        {
            _merged.Fold(argument, rows, groups, groupCount, groupRuns);
            return;
        }

        AddReals(argument.DoubleValues, nulls, rows, groups, groupCount, groupRuns);
    }

    /// <summary>
    /// True when no group's integer sum can leave the 64-bit range while this chunk of
    /// <paramref name="rowCount"/> rows is added: every sum is within <see cref="_sumBound"/> of 0
    /// and every non-NULL value of the chunk within the largest magnitude (<see cref="BoundAfter(long, ColumnVector, int, long)"/>).
    /// Then no group turns approximate either, and the bound grows by the
    /// chunk's worst case. Once a chunk might overflow the bound is given up for good: the
    /// checked loops that take over do not keep it.
    /// </summary>
    private bool NoSumCanOverflow(ColumnVector argument, int rowCount)
    {
        if (BoundAfter(argument, rowCount, long.MaxValue - 1) is not { } bound || bound >= long.MaxValue)
        {
            _sumBound = UnknownBound;
            return false;
        }

        _sumBound = (long)bound;
        return true;
    }

    /// <summary>The bound on every sum once a chunk of these values is added, or null when there is none.</summary>
    private Int128? BoundAfter(ColumnVector argument, int rowCount, long limit)
    {
        if (_sumBound == UnknownBound || argument.Length == 0)
        {
            return null;
        }

        return BoundAfter(_sumBound, argument, rowCount, limit);
    }

    /// <summary>
    /// <paramref name="bound"/> grown by <paramref name="rowCount"/> rows of the INTEGER <paramref name="argument"/>,
    /// each adding at most the largest magnitude of its non-NULL values. For a vector over a stored array the
    /// magnitude is its zone map's (<see cref="ColumnVector.StoredLongRange"/>, no pass over the values) as long as
    /// that keeps the bound within <paramref name="limit"/>; otherwise, and for other vectors, the chunk's own
    /// largest magnitude by a kernel pass, which one extreme value elsewhere in the segment does not loosen.
    /// </summary>
    internal static Int128 BoundAfter(long bound, ColumnVector argument, int rowCount, long limit)
    {
        if (argument.StoredLongRange is var (min, max))
        {
            var byZone = bound + (rowCount * Int128.Max(Int128.Abs(min), Int128.Abs(max)));
            if (byZone <= limit)
            {
                return byZone;
            }
        }

        return bound + (rowCount * LargestMagnitude(argument.LongValues[..argument.Length]));
    }

    /// <summary>Room for <paramref name="groupCount"/> groups: a worker's state that stopped at a chunk (<see cref="TryUpdateBounded"/>) still merges every group of its morsel.</summary>
    internal void EnsureGroups(int groupCount) => GrowAll(groupCount);

    /// <summary>
    /// For the ordered fold's workers, which fill a state per morsel for <see cref="MergeBounded"/>:
    /// <see cref="Update"/> of a chunk of INTEGERs when the bound on every sum stays within
    /// <see cref="WorkerBoundLimit"/> (no running sum can overflow, and the merge keeps nearly the
    /// whole 64-bit range for the sums before it); otherwise false, the state and the argument left
    /// as they were (the consumer folds the rest of the morsel's rows itself, after this state).
    /// </summary>
    internal bool TryUpdateBounded(ColumnVector argument, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        if (argument.Kind != ValueKind.Integer)
        {
            return false;
        }

        if (BoundAfter(argument, rows.Length, WorkerBoundLimit) is not { } bound || bound > WorkerBoundLimit)
        {
            return false;
        }

        GrowExact(groupCount);
        _sumBound = (long)bound;
        AddUnchecked(_integerSums, _counts, argument.LongValues[..argument.Length], argument.Nulls, rows, groups);

        argument.ReturnToPool();
        return true;
    }

    /// <summary>
    /// The selected non-NULL rows' values added into their groups' <paramref name="sums"/> by a plain
    /// 64-bit add each, and counted: for a chunk a bound has cleared of overflow (<see cref="NoSumCanOverflow"/>,
    /// <see cref="TryUpdateBounded"/>, or <see cref="IntegerSumPartial"/>'s bound).
    /// </summary>
    internal static void AddUnchecked(long[] sums, long[] counts, ReadOnlySpan<long> values, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        if (nulls is null)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                var g = groups[k];
                sums[g] += values[rows[k]];
                counts[g]++;
            }

            return;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (!nulls[row])
            {
                var g = groups[k];
                sums[g] += values[row];
                counts[g]++;
            }
        }
    }

    /// <summary>The largest magnitude of <paramref name="values"/> (exact, so long.MinValue's too), which bounds what a row adds to a sum.</summary>
    internal static Int128 LargestMagnitude(ReadOnlySpan<long> values) =>
        Int128.Max(Int128.Abs(AggregateKernels.Min(values, [])), Int128.Abs(AggregateKernels.Max(values, [])));

    /// <summary>
    /// <see cref="AddInteger"/> for every selected row of a vector without NULLs, as one loop with the
    /// state arrays in registers: a group's exact sum takes the value unless the group is already
    /// approximate or the addition overflows, which <see cref="AddInteger"/> then handles.
    /// </summary>
    private void AddIntegers(ReadOnlySpan<long> values, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        var sums = _integerSums;
        var counts = _counts;
        var approximate = _approximate;
        for (var k = 0; k < rows.Length; k++)
        {
            var g = groups[k];
            var value = values[rows[k]];
            var sum = sums[g] + value;
            if (approximate[g] || ((sums[g] ^ sum) & (value ^ sum)) < 0)
            {
                AddInteger(g, value);
                continue;
            }

            sums[g] = sum;
            counts[g]++;
        }
    }

    /// <summary><see cref="AddIntegers(ReadOnlySpan{long}, ReadOnlySpan{int}, ReadOnlySpan{int})"/> skipping NULL rows.</summary>
    private void AddIntegers(ReadOnlySpan<long> values, bool[] nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        var sums = _integerSums;
        var counts = _counts;
        var approximate = _approximate;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls[row])
            {
                continue;
            }

            var g = groups[k];
            var value = values[row];
            var sum = sums[g] + value;
            if (approximate[g] || ((sums[g] ^ sum) & (value ^ sum)) < 0)
            {
                AddInteger(g, value);
                continue;
            }

            sums[g] = sum;
            counts[g]++;
        }
    }

    /// <summary>
    /// <see cref="AddReal"/> for every selected non-NULL row, as one loop: a group turns approximate
    /// (starting from its integer sum) before its first REAL, then each value is added in row order,
    /// so the rounding is exactly the row-by-row one.
    /// </summary>
    private void AddReals(ReadOnlySpan<double> values, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount, bool groupRuns)
    {
        // Groups only ever turn approximate: the leading ones known to be need no second look.
        var g0 = _approximatePrefix;
        while (g0 < groupCount && _approximate[g0])
        {
            g0++;
        }

        _approximatePrefix = g0;
        if (g0 < groupCount)
        {
            // Only groups that get a REAL now may start: one without values keeps its integer state.
            StartGroupsWithValues(nulls, rows, groups);
        }

        if (_anyOverflowed)
        {
            // A REAL after an INTEGER overflow makes the sum a REAL instead of an error.
            var overflowed = _overflowed;
            for (var k = 0; k < rows.Length; k++)
            {
                if (nulls is null || !nulls[rows[k]])
                {
                    overflowed[groups[k]] = false;
                }
            }
        }

        if (groupCount == 1)
        {
            _counts[0] += _real.AddAll(0, values, nulls, rows);
        }
        else
        {
            _real.Add(values, nulls, rows, groups, _counts, groupRuns);
        }
    }

    private void StartGroupsWithValues(bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        for (var k = 0; k < rows.Length; k++)
        {
            var g = groups[k];
            if (!_approximate[g] && (nulls is null || !nulls[rows[k]]))
            {
                _approximate[g] = true;
                _real.Start(g, _integerSums[g]);
            }
        }
    }

    public override ColumnVector Result(int groupCount)
    {
        var nulls = new bool[groupCount];
        if (function == AggregateFunction.Sum && argumentKind == ValueKind.Integer)
        {
            GrowExact(groupCount);
            if (_anyOverflowed)
            {
                GrowAll(groupCount);
                for (var g = 0; g < groupCount; g++)
                {
                    if (_overflowed[g])
                    {
                        throw new YodaException("integer overflow");
                    }
                }
            }

            for (var g = 0; g < groupCount; g++)
            {
                nulls[g] = _counts[g] == 0;
            }

            return ColumnVector.OfLongs(_integerSums[..groupCount], nulls);
        }

        GrowAll(groupCount);

        if (function == AggregateFunction.Sum && argumentKind is ValueKind.Dynamic or ValueKind.Text)
        {
            return DynamicSums(groupCount);
        }

        if (_merged is not null)
        {
            return MergedRealSums(groupCount);
        }

        var values = new double[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            var sum = _approximate[g] ? _real.Value(g) : _integerSums[g];
            values[g] = function == AggregateFunction.Avg ? sum / _counts[g] : sum;
            nulls[g] = (function != AggregateFunction.Total && _counts[g] == 0) || double.IsNaN(values[g]);
        }

        return ColumnVector.OfDoubles(values, nulls);
    }

    /// <summary>
    /// The results of REAL sums merged from partials: per group SQLite's compensated sum where the
    /// bound decides it; where it does not (a sum on a rounding boundary, values too large or not
    /// finite) the aggregation runs again serially. SUM and AVG of no values are NULL, TOTAL 0.0.
    /// </summary>
    private ColumnVector MergedRealSums(int groupCount)
    {
        _merged!.Grow(groupCount);
        var values = new double[groupCount];
        var nulls = new bool[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            var count = _merged.Count(g);
            if (count == 0)
            {
                nulls[g] = function != AggregateFunction.Total;
                continue;
            }

            if (!_merged.TryValue(g, out var sum))
            {
                throw new Parallel.PartialsNotMergeableException();
            }

            values[g] = function == AggregateFunction.Avg ? sum / count : sum;
        }

        return ColumnVector.OfDoubles(values, nulls);
    }

    /// <summary>Rows whose class varies: INTEGERs add exactly, REALs and texts as above.</summary>
    private void AddDynamic(ColumnVector argument, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        var values = argument.Dynamic;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (argument.IsNull(row))
            {
                continue;
            }

            switch (values.Kinds[row])
            {
                case ValueKind.Integer: AddInteger(groups[k], values.Longs[row]); break;
                case ValueKind.Real: AddReal(groups[k], values.Doubles[row]); break;
                case ValueKind.Blob: AddReal(groups[k], NumericText.RealOf(values.Blobs[row])); break;
                default:
                    if (NumericText.IsIntegerSummand(values.Texts[row], out var integer))
                    {
                        AddInteger(groups[k], integer);
                    }
                    else
                    {
                        AddReal(groups[k], NumericText.ToReal(values.Texts[row]));
                    }

                    break;
            }
        }
    }

    /// <summary>SUM over rows whose class varies (or texts): per group an INTEGER while every value was one (and the sum fits), else a REAL.</summary>
    private ColumnVector DynamicSums(int groupCount)
    {
        var nulls = new bool[groupCount];
        var sums = new DynamicValues(groupCount);
        for (var g = 0; g < groupCount; g++)
        {
            if (_overflowed[g])
            {
                throw new YodaException("integer overflow");
            }

            nulls[g] = _counts[g] == 0 || (_approximate[g] && double.IsNaN(_real.Value(g)));
            if (_approximate[g])
            {
                sums.SetDouble(g, _real.Value(g));
            }
            else
            {
                sums.SetLong(g, _integerSums[g]);
            }
        }

        return ColumnVector.OfDynamic(sums, nulls);
    }

    /// <summary>
    /// Folds in an <see cref="IntegerSumPartial"/>: the group's running sum overflows exactly when
    /// this sum plus one of the partial's prefix sums leaves the 64-bit range, so SUM fails exactly
    /// where a serial run fails. TOTAL and AVG continue in floating point from the overflowing row,
    /// which partials cannot reproduce: they ask for a serial run instead. A partial that is a SumState
    /// merges through its bound (<see cref="MergeBounded"/>).
    /// </summary>
    public override void Merge(AggregateState partial, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups, int groupCount)
    {
        GrowAll(groupCount);
        if (partial is RealSumPartial real)
        {
            MergeReal(real, partialGroups, groups, groupCount);
            return;
        }

        if (partial is SumState bounded)
        {
            MergeBounded(bounded, partialGroups, groups, groupCount);
            return;
        }

        var other = (IntegerSumPartial)partial;
        Int128 widest = 0;
        for (var k = 0; k < groups.Length; k++)
        {
            var (g, target) = (partialGroups[k], groups[k]);
            var count = other.Count(g);
            if (count == 0)
            {
                continue;
            }

            // A merged sum, and any overflow on the way, stays within the bound plus the partial's widest prefix.
            var (total, minPrefix, maxPrefix) = (other.Total(g), other.MinPrefix(g), other.MaxPrefix(g));
            widest = Int128.Max(widest, Int128.Max(Int128.Abs(total), Int128.Max(Int128.Abs(minPrefix), Int128.Abs(maxPrefix))));
            _counts[target] += count;
            if (_overflowed[target])
            {
                continue;
            }

            Int128 sum = _integerSums[target];
            if (sum + maxPrefix > long.MaxValue || sum + minPrefix < long.MinValue)
            {
                if (function != AggregateFunction.Sum || other.PrefixesAreBounds)
                {
                    throw new Parallel.PartialsNotMergeableException();
                }

                _overflowed[target] = _approximate[target] = _anyOverflowed = true;
                continue;
            }

            _integerSums[target] = (long)(sum + total);
        }

        _sumBound = _sumBound == UnknownBound || _sumBound + widest >= long.MaxValue ? UnknownBound : (long)(_sumBound + widest);
    }

    /// <summary>
    /// Folds in a state of the same INTEGER aggregate over the input that follows, filled by an ordered
    /// fold's worker (<see cref="TryUpdateBounded"/>): every running sum of the partial lies within its
    /// bound, so no running sum of the serial order can overflow where this state's bound (or, past
    /// it, the group's own sum, not approximate) plus the partial's stays within the 64-bit range, and
    /// the sums add exactly. Otherwise (sums near 2^63) the aggregation runs again serially.
    /// </summary>
    private void MergeBounded(SumState other, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups, int groupCount)
    {
        if (_sumBound != UnknownBound && (Int128)_sumBound + other._sumBound < long.MaxValue)
        {
            for (var k = 0; k < groups.Length; k++)
            {
                var (g, target) = (partialGroups[k], groups[k]);
                _integerSums[target] += other._integerSums[g];
                _counts[target] += other._counts[g];
            }

            _sumBound += other._sumBound;
            return;
        }

        for (var k = 0; k < groups.Length; k++)
        {
            var (g, target) = (partialGroups[k], groups[k]);
            if (_approximate[target] || Int128.Abs(_integerSums[target]) + other._sumBound >= long.MaxValue)
            {
                throw new Parallel.PartialsNotMergeableException();
            }

            _integerSums[target] += other._integerSums[g];
            _counts[target] += other._counts[g];
        }

        // The bound again, from the sums themselves, while no group is approximate.
        Int128 largest = 0;
        for (var g = 0; g < groupCount && largest < long.MaxValue; g++)
        {
            largest = _approximate[g] ? long.MaxValue : Int128.Max(largest, Int128.Abs(_integerSums[g]));
        }

        _sumBound = largest >= long.MaxValue ? UnknownBound : (long)largest;
    }

    /// <summary>
    /// Folds in a <see cref="RealSumPartial"/>: this state's REAL sums turn into one too (its later
    /// rows are folded the same way). Rows already added by the serial compensated sum have no
    /// magnitude sum for the bound: then the aggregation runs again serially (the operators merge
    /// a partial first, so this is only a rare order of the ordered fold's morsels).
    /// </summary>
    private void MergeReal(RealSumPartial partial, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups, int groupCount)
    {
        if (_merged is null)
        {
            if (_approximate.AsSpan(0, groupCount).Contains(true))
            {
                throw new Parallel.PartialsNotMergeableException();
            }

            _merged = new RealSumPartial(_buffers);
        }

        _merged.Merge(partial, partialGroups, groups, groupCount);
    }

    private void AddInteger(int g, long value)
    {
        _counts[g]++;
        if (_approximate[g])
        {
            _real.AddInteger(g, value);
            return;
        }

        var sum = _integerSums[g] + value;
        if (((_integerSums[g] ^ sum) & (value ^ sum)) >= 0)
        {
            _integerSums[g] = sum;
            return;
        }

        _overflowed[g] = true;
        _approximate[g] = true;
        _anyOverflowed = true;
        _real.Start(g, _integerSums[g]);
        _real.AddInteger(g, value);
    }

    private void AddReal(int g, double value)
    {
        _counts[g]++;
        if (!_approximate[g])
        {
            _approximate[g] = true;
            _real.Start(g, _integerSums[g]);
        }
        else
        {
            _overflowed[g] = false;
        }

        _real.Add(g, value);
    }

    /// <summary>
    /// Room for <paramref name="groupCount"/> groups in the exact sums and counts only: all an INTEGER chunk's
    /// unchecked add (<see cref="AddUnchecked"/>) touches. The flags and compensated sums stay shorter until a path
    /// that reads them grows them (<see cref="GrowAll"/>); their groups past the end are neither approximate nor
    /// overflowed, as the zeroed elements a resize adds say. An INTEGER SUM whose chunks never near overflow
    /// (a worker's morsel, whose groups grow from none) so grows 16 of the 34 bytes a group takes in all.
    /// </summary>
    private void GrowExact(int groupCount)
    {
        Grow(_buffers, ref _integerSums, groupCount);
        Grow(_buffers, ref _counts, groupCount);
    }

    /// <summary>Room for <paramref name="groupCount"/> groups in every array: for every path that reads a group's flags or compensated sum.</summary>
    private void GrowAll(int groupCount)
    {
        GrowExact(groupCount);
        Grow(_buffers, ref _approximate, groupCount);
        Grow(_buffers, ref _overflowed, groupCount);
        _real.Grow(groupCount);
    }
}
