using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>COUNT(*) (no argument) or COUNT(x) (non-NULL values).</summary>
public sealed class CountState(QueryBuffers? buffers = null) : AggregateState
{
    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    private long[] _counts = new long[16];

    /// <summary>The one-group state holding <paramref name="count"/> (a count taken straight from storage).</summary>
    internal static CountState Of(long count)
    {
        var state = new CountState();
        state._counts[0] = count;
        return state;
    }

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Fold(argument, rows, groups, groupCount);
        argument?.ReturnToPool();
    }

    private void Fold(ColumnVector? argument, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Grow(_buffers, ref _counts, groupCount);
        var nulls = argument?.Nulls;
        for (var k = 0; k < rows.Length; k++)
        {
            if (nulls is null || !nulls[rows[k]])
            {
                _counts[groups[k]]++;
            }
        }
    }

    public override void Merge(AggregateState partial, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups, int groupCount)
    {
        Grow(_buffers, ref _counts, groupCount);
        var counts = ((CountState)partial)._counts;
        for (var k = 0; k < groups.Length; k++)
        {
            _counts[groups[k]] += counts[partialGroups[k]];
        }
    }

    public override ColumnVector Result(int groupCount)
    {
        Grow(ref _counts, groupCount);
        return ColumnVector.OfLongs(_counts[..groupCount], null);
    }
}
