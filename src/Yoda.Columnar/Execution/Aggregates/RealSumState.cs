namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// SUM over REALs, TOTAL and AVG: a Kahan-Babuska-Neumaier compensated sum (as SQLite 3.43+ does)
/// and a count per group. SUM and AVG of no values are NULL; TOTAL of no values is 0.0.
/// </summary>
public sealed class RealSumState(AggregateFunction function) : AggregateState
{
    private double[] _sums = new double[16];
    private double[] _errors = new double[16];
    private long[] _counts = new long[16];

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Grow(ref _sums, groupCount);
        Grow(ref _errors, groupCount);
        Grow(ref _counts, groupCount);
        var nulls = argument!.Nulls;
        var isInteger = argument.Kind == ValueKind.Integer;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            var g = groups[k];
            var value = isInteger ? argument.Longs[row] : argument.Doubles[row];
            var s = _sums[g];
            var t = s + value;
            _errors[g] += Math.Abs(s) > Math.Abs(value) ? (s - t) + value : (value - t) + s;
            _sums[g] = t;
            _counts[g]++;
        }
    }

    public override ColumnVector Result(int groupCount)
    {
        Grow(ref _sums, groupCount);
        Grow(ref _errors, groupCount);
        Grow(ref _counts, groupCount);
        var values = new double[groupCount];
        var nulls = new bool[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            var sum = _sums[g] + _errors[g];
            nulls[g] = function != AggregateFunction.Total && _counts[g] == 0;
            values[g] = function == AggregateFunction.Avg && _counts[g] > 0 ? sum / _counts[g] : sum;
        }

        return ColumnVector.OfDoubles(values, nulls);
    }
}
