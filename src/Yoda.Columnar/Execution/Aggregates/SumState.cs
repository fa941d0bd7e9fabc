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
/// </summary>
public sealed class SumState(AggregateFunction function, ValueKind argumentKind, QueryBuffers? buffers = null) : AggregateState
{
    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    private readonly CompensatedSums _real = new(buffers);
    private long[] _integerSums = new long[16];
    private long[] _counts = new long[16];
    private bool[] _approximate = new bool[16];
    private bool[] _overflowed = new bool[16];

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Fold(argument, rows, groups, groupCount);
        argument?.ReturnToPool();
    }

    private void Fold(ColumnVector? argument, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        GrowAll(groupCount);
        var nulls = argument!.Nulls;
        if (argument.Kind == ValueKind.Integer)
        {
            var values = argument.LongValues;
            for (var k = 0; k < rows.Length; k++)
            {
                if (nulls is null || !nulls[rows[k]])
                {
                    AddInteger(groups[k], values[rows[k]]);
                }
            }

            return;
        }

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

        AddReals(argument.DoubleValues, nulls, rows, groups, groupCount);
    }

    /// <summary>
    /// <see cref="AddReal"/> for every selected non-NULL row, as one loop: a group turns approximate
    /// (starting from its integer sum) before its first REAL, then each value is added in row order,
    /// so the rounding is exactly the row-by-row one.
    /// </summary>
    private void AddReals(ReadOnlySpan<double> values, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        for (var g = 0; g < groupCount; g++)
        {
            if (!_approximate[g])
            {
                // Only groups that get a REAL now may start: one without values keeps its integer state.
                StartGroupsWithValues(nulls, rows, groups);
                break;
            }
        }

        var counts = _counts;
        var overflowed = _overflowed;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is null || !nulls[row])
            {
                var g = groups[k];
                counts[g]++;
                overflowed[g] = false;
            }
        }

        if (groupCount == 1)
        {
            _real.AddAll(0, values, nulls, rows);
        }
        else
        {
            _real.Add(values, nulls, rows, groups);
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
        GrowAll(groupCount);
        var nulls = new bool[groupCount];
        if (function == AggregateFunction.Sum && argumentKind == ValueKind.Integer)
        {
            for (var g = 0; g < groupCount; g++)
            {
                if (_overflowed[g])
                {
                    throw new YodaException("integer overflow");
                }

                nulls[g] = _counts[g] == 0;
            }

            return ColumnVector.OfLongs(_integerSums[..groupCount], nulls);
        }

        if (function == AggregateFunction.Sum && argumentKind is ValueKind.Dynamic or ValueKind.Text)
        {
            return DynamicSums(groupCount);
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
    /// which partials cannot reproduce: they ask for a serial run instead.
    /// </summary>
    public override void Merge(AggregateState partial, ReadOnlySpan<int> groups, int groupCount)
    {
        GrowAll(groupCount);
        var other = (IntegerSumPartial)partial;
        for (var g = 0; g < groups.Length; g++)
        {
            var target = groups[g];
            if (other.Counts[g] == 0)
            {
                continue;
            }

            _counts[target] += other.Counts[g];
            if (_overflowed[target])
            {
                continue;
            }

            Int128 sum = _integerSums[target];
            if (sum + other.MaxPrefixes[g] > long.MaxValue || sum + other.MinPrefixes[g] < long.MinValue)
            {
                if (function != AggregateFunction.Sum || other.PrefixesAreBounds)
                {
                    throw new Parallel.PartialsNotMergeableException();
                }

                _overflowed[target] = _approximate[target] = true;
                continue;
            }

            _integerSums[target] = (long)(sum + other.Totals[g]);
        }
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

    private void GrowAll(int groupCount)
    {
        Grow(_buffers, ref _integerSums, groupCount);
        Grow(_buffers, ref _counts, groupCount);
        Grow(_buffers, ref _approximate, groupCount);
        Grow(_buffers, ref _overflowed, groupCount);
        _real.Grow(groupCount);
    }
}
