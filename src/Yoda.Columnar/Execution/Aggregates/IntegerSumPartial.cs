using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The partial state of SUM, TOTAL or AVG over INTEGERs for one morsel, merged into a
/// <see cref="SumState"/>: per group the exact sum and the count, and the smallest and largest running
/// (prefix) sum, which is what deciding SQLite's "integer overflow" needs. While a bound on every
/// running sum (the rows folded times the largest magnitude of their chunks) stays far inside the
/// 64-bit range, the rows are folded by a plain 64-bit add each, as the serial state's unchecked loop
/// does, and the bound stands in for the prefixes (<see cref="PrefixesAreBounds"/>): a merge it cannot
/// clear of overflow (sums near 2^63) asks for a serial run. Past the bound the prefixes are kept
/// exactly, in 128 bits, from there on. With <paramref name="groupRows"/> (the aggregation's count of rows
/// per group) it counts no values of its own while every chunk's argument has no NULL: its count is then the
/// group's rows; the first chunk with a NULL (or past the bound) starts its own counts from them.
/// </summary>
internal sealed class IntegerSumPartial(QueryBuffers? buffers = null, GroupRowCounts? groupRows = null) : AggregateState
{
    /// <summary>The largest bound the 64-bit folding may reach: 1/64 of the range, room for the merge's sums.</summary>
    private const long FastBoundLimit = long.MaxValue / 64;

    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    private long[] _sums = new long[16];
    private long[] _counts = new long[16];

    // The aggregation's rows per group while they are this sum's counts, then null.
    private GroupRowCounts? _groupRows = groupRows;

    /// <summary>No running sum of the rows folded in 64 bits is further than this from 0.</summary>
    private long _bound;

    // Whether some group's exact prefixes started from the bound (StartExact after rows folded in 64 bits).
    private bool _earlierPrefixesBounded;

    // Null while every row was folded in 64 bits.
    private Int128[]? _totals;
    private Int128[]? _minPrefixes;
    private Int128[]? _maxPrefixes;

    /// <summary>
    /// The one-group partial of a sum taken straight from storage (<see cref="ColumnAggregates"/>):
    /// exact total and count, but only bounds on the running sums; a merge that the bounds cannot
    /// clear of overflow asks for the general path.
    /// </summary>
    internal static IntegerSumPartial Bounded(long total, long count, Int128 minPrefix, Int128 maxPrefix)
    {
        var partial = new IntegerSumPartial { _earlierPrefixesBounded = true };
        partial.StartExact(1);
        (partial._totals![0], partial._counts[0], partial._minPrefixes![0], partial._maxPrefixes![0]) = (total, count, minPrefix, maxPrefix);
        return partial;
    }

    /// <summary>
    /// True when <see cref="MinPrefix"/> and <see cref="MaxPrefix"/> bound the running sums instead of being them:
    /// while every row was folded in 64 bits (they are the bound), and once groups folded so far start the exact prefixes from the bound.
    /// </summary>
    public bool PrefixesAreBounds => _totals is null || _earlierPrefixesBounded;

    /// <summary>The values group <paramref name="g"/> has had.</summary>
    public long Count(int g) => _groupRows?[g] ?? _counts[g];

    /// <summary>The sum of group <paramref name="g"/>'s values, exactly.</summary>
    public Int128 Total(int g) => _totals?[g] ?? _sums[g];

    /// <summary>The smallest running sum of group <paramref name="g"/> (one with values), or a bound below it.</summary>
    public Int128 MinPrefix(int g) => _minPrefixes?[g] ?? -_bound;

    /// <summary>The largest running sum of group <paramref name="g"/> (one with values), or a bound above it.</summary>
    public Int128 MaxPrefix(int g) => _maxPrefixes?[g] ?? _bound;

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Fold(argument!, rows, groups, groupCount);
        argument!.ReturnToPool();
    }

    /// <summary>
    /// The sums to add a chunk of <paramref name="rowCount"/> selected rows of <paramref name="argument"/> into, uncounted
    /// and unchecked (<see cref="AddUnchecked"/>, or <see cref="PairedIntegerSums"/> beside another sum), when this chunk
    /// may be: no NULL, the group rows still this sum's counts and the bound within its limit (then grown by the chunk).
    /// Otherwise null and nothing changed: <see cref="Update"/> folds the chunk.
    /// </summary>
    internal long[]? UncountedSums(ColumnVector argument, int rowCount, int groupCount)
    {
        if (_totals is not null || _groupRows is null || argument.Nulls is not null || argument.Length == 0)
        {
            return null;
        }

        // Every value of the chunk's physical rows (a superset of the selected ones) lies within the largest magnitude.
        var bound = SumState.BoundAfter(_bound, argument, rowCount, FastBoundLimit);
        if (bound > FastBoundLimit)
        {
            return null;
        }

        Grow(_buffers, ref _sums, groupCount);
        Grow(_buffers, ref _counts, groupCount);
        _bound = (long)bound;
        return _sums;
    }

    private void Fold(ColumnVector argument, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        if (UncountedSums(argument, rows.Length, groupCount) is { } uncounted)
        {
            AddUnchecked(uncounted, argument.LongValues[..argument.Length], rows, groups);
            return;
        }

        Grow(_buffers, ref _sums, groupCount);
        Grow(_buffers, ref _counts, groupCount);
        var values = argument.LongValues[..argument.Length];
        var nulls = argument.Nulls;
        if (_totals is null && !values.IsEmpty)
        {
            // Every non-NULL value of the chunk's physical rows (a superset of the selected ones) lies within the largest magnitude.
            var bound = SumState.BoundAfter(_bound, argument, rows.Length, FastBoundLimit);
            if (bound <= FastBoundLimit)
            {
                _bound = (long)bound;
                GroupRowCounts.HandOver(ref _groupRows, _counts, groupCount);
                SumState.AddUnchecked(_sums, _counts, values, nulls, rows, groups);
                return;
            }

            GroupRowCounts.HandOver(ref _groupRows, _counts, groupCount);
            StartExact(groupCount);
        }

        if (_totals is null)
        {
            return;
        }

        GrowExact(groupCount);
        var (totals, minPrefixes, maxPrefixes, counts) = (_totals, _minPrefixes!, _maxPrefixes!, _counts);
        for (var k = 0; k < rows.Length; k++)
        {
            if (nulls is not null && nulls[rows[k]])
            {
                continue;
            }

            var g = groups[k];
            var total = totals[g] += values[rows[k]];
            if (counts[g]++ == 0)
            {
                minPrefixes[g] = maxPrefixes[g] = total;
            }
            else if (total < minPrefixes[g])
            {
                minPrefixes[g] = total;
            }
            else if (total > maxPrefixes[g])
            {
                maxPrefixes[g] = total;
            }
        }
    }

    /// <summary>The selected rows' values (none NULL) added into their groups' sums, uncounted: the group's rows are the count.</summary>
    internal static void AddUnchecked(long[] sums, ReadOnlySpan<long> values, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        for (var k = 0; k < rows.Length; k++)
        {
            sums[groups[k]] += values[rows[k]];
        }
    }

    /// <summary>
    /// From here on the prefixes are kept in 128 bits: the groups folded so far start from their 64-bit
    /// sums, with the bound for their prefixes (so the prefixes are bounds from now on, when there were any).
    /// </summary>
    private void StartExact(int groupCount)
    {
        var length = Math.Max(groupCount, _sums.Length);
        (_totals, _minPrefixes, _maxPrefixes) = (new Int128[length], new Int128[length], new Int128[length]);
        for (var g = 0; g < _sums.Length; g++)
        {
            if (_counts[g] > 0)
            {
                (_totals[g], _minPrefixes[g], _maxPrefixes[g]) = (_sums[g], -_bound, _bound);
                _earlierPrefixesBounded = true;
            }
        }
    }

    private void GrowExact(int groupCount)
    {
        Grow(_buffers, ref _totals!, groupCount);
        Grow(_buffers, ref _minPrefixes!, groupCount);
        Grow(_buffers, ref _maxPrefixes!, groupCount);
    }

    public override ColumnVector Result(int groupCount) =>
        throw new InvalidOperationException("a partial sum is merged into a SumState, never read on its own");
}
