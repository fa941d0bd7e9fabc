namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>SUM over INTEGERs: an INTEGER, NULL for no values, "integer overflow" error past 64 bits (as SQLite).</summary>
public sealed class IntegerSumState : AggregateState
{
    private long[] _sums = new long[16];
    private bool[] _seen = new bool[16];

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Grow(ref _sums, groupCount);
        Grow(ref _seen, groupCount);
        var values = argument!.Longs;
        var nulls = argument.Nulls;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            var g = groups[k];
            var sum = _sums[g] + values[row];
            if (((_sums[g] ^ sum) & (values[row] ^ sum)) < 0)
            {
                throw new YodaException("integer overflow");
            }

            _sums[g] = sum;
            _seen[g] = true;
        }
    }

    public override ColumnVector Result(int groupCount)
    {
        Grow(ref _sums, groupCount);
        Grow(ref _seen, groupCount);
        var nulls = new bool[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            nulls[g] = !_seen[g];
        }

        return ColumnVector.OfLongs(_sums[..groupCount], nulls);
    }
}
