using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The partial state of SUM, TOTAL or AVG over INTEGERs for one morsel, merged into a
/// <see cref="SumState"/>: per group the exact sum, the count, and the smallest and largest running
/// (prefix) sum, all in 128 bits, which is what deciding SQLite's "integer overflow" needs.
/// </summary>
internal sealed class IntegerSumPartial(QueryBuffers? buffers = null) : AggregateState
{
    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    private Int128[] _totals = new Int128[16];
    private Int128[] _minPrefixes = new Int128[16];
    private Int128[] _maxPrefixes = new Int128[16];
    private long[] _counts = new long[16];

    /// <summary>
    /// The one-group partial of a sum taken straight from storage (<see cref="ColumnAggregates"/>):
    /// exact total and count, but only bounds on the running sums; a merge that the bounds cannot
    /// clear of overflow asks for the general path.
    /// </summary>
    internal static IntegerSumPartial Bounded(long total, long count, Int128 minPrefix, Int128 maxPrefix)
    {
        var partial = new IntegerSumPartial { PrefixesAreBounds = true };
        (partial._totals[0], partial._counts[0], partial._minPrefixes[0], partial._maxPrefixes[0]) = (total, count, minPrefix, maxPrefix);
        return partial;
    }

    /// <summary>True when <see cref="MinPrefixes"/> and <see cref="MaxPrefixes"/> bound the running sums instead of being them.</summary>
    public bool PrefixesAreBounds { get; private init; }

    public Int128[] Totals => _totals;

    public Int128[] MinPrefixes => _minPrefixes;

    public Int128[] MaxPrefixes => _maxPrefixes;

    public long[] Counts => _counts;

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Fold(argument, rows, groups, groupCount);
        argument?.ReturnToPool();
    }

    private void Fold(ColumnVector? argument, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Grow(_buffers, ref _totals, groupCount);
        Grow(_buffers, ref _minPrefixes, groupCount);
        Grow(_buffers, ref _maxPrefixes, groupCount);
        Grow(_buffers, ref _counts, groupCount);
        var values = argument!.LongValues;
        var nulls = argument.Nulls;
        for (var k = 0; k < rows.Length; k++)
        {
            if (nulls is not null && nulls[rows[k]])
            {
                continue;
            }

            var g = groups[k];
            var total = _totals[g] += values[rows[k]];
            if (_counts[g]++ == 0)
            {
                _minPrefixes[g] = _maxPrefixes[g] = total;
            }
            else if (total < _minPrefixes[g])
            {
                _minPrefixes[g] = total;
            }
            else if (total > _maxPrefixes[g])
            {
                _maxPrefixes[g] = total;
            }
        }
    }

    public override ColumnVector Result(int groupCount) =>
        throw new InvalidOperationException("a partial sum is merged into a SumState, never read on its own");
}
