using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// COUNT(*) (no argument) or COUNT(x) (non-NULL values). A morsel's partial given <paramref name="groupRows"/>
/// (the aggregation's count of rows per group) reads its counts there while every chunk's argument has no NULL
/// (always, for COUNT(*)): it folds nothing itself until the first chunk with one.
/// </summary>
public sealed class CountState(QueryBuffers? buffers = null, GroupRowCounts? groupRows = null) : AggregateState
{
    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    private long[] _counts = new long[16];

    // The aggregation's rows per group while they are this count, then null.
    private GroupRowCounts? _groupRows = groupRows;

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
        if (_groupRows is not null)
        {
            if (nulls is null)
            {
                return;
            }

            GroupRowCounts.HandOver(ref _groupRows, _counts, groupCount);
        }

        var counts = _counts;
        if (nulls is null)
        {
            // COUNT(*), or a chunk without NULLs: every row counts, its position is not needed.
            foreach (var g in groups[..rows.Length])
            {
                counts[g]++;
            }

            return;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            if (!nulls[rows[k]])
            {
                counts[groups[k]]++;
            }
        }
    }

    public override void Merge(AggregateState partial, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups, int groupCount)
    {
        Grow(_buffers, ref _counts, groupCount);
        var other = (CountState)partial;
        for (var k = 0; k < groups.Length; k++)
        {
            _counts[groups[k]] += other._groupRows?[partialGroups[k]] ?? other._counts[partialGroups[k]];
        }
    }

    public override ColumnVector Result(int groupCount)
    {
        Grow(ref _counts, groupCount);
        return ColumnVector.OfLongs(_counts[..groupCount], null);
    }
}
