using System.Buffers;
using System.Text;
using Apache.Arrow;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Kernels;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Ungrouped COUNT(*), COUNT, MIN, MAX over Int64/Double columns, MIN and MAX of String columns (from
/// the zone maps, unfiltered scans only), and SUM, TOTAL, AVG over Int64
/// columns, or an Int64 column plus or minus an integer constant, of a scan, read straight from each segment's Arrow arrays with the SIMD
/// <see cref="AggregateKernels"/> (a mask of valid, undeleted rows that pass the scan's pushed-down predicates,
/// narrowed by <see cref="ScanPredicate.Narrow"/>; no value is copied and no selection made) into partial
/// states that merge like any morsel's. A segment whose values the kernels cannot answer exactly
/// (a sum that might overflow inside it, a real MIN/MAX of zero, whose sign depends on which zero
/// came first, or NaNs) returns null and is aggregated the general way.
/// </summary>
internal sealed class ColumnAggregates
{
    private readonly ScanOperator _scan;
    private readonly IReadOnlyList<AggregateSpec> _aggregates;

    /// <summary>For each schema column, the scan's index of it when a SUM, TOTAL or AVG reads it; else -1.</summary>
    private readonly int[] _summedColumns;

    private ColumnAggregates(ScanOperator scan, IReadOnlyList<AggregateSpec> aggregates)
    {
        (_scan, _aggregates) = (scan, aggregates);
        _summedColumns = new int[scan.Table.Schema.FieldsList.Count];
        System.Array.Fill(_summedColumns, -1);
        foreach (var spec in aggregates)
        {
            if (spec.Function is AggregateFunction.Sum or AggregateFunction.Total or AggregateFunction.Avg)
            {
                var index = ShiftedColumn(spec.Argument)!.Value.Index;
                _summedColumns[scan.Columns[index]] = index;
            }
        }
    }

    public static ColumnAggregates? TryCreate(PhysicalOperator input, IReadOnlyList<AggregateSpec> aggregates)
    {
        if (input is not ScanOperator scan || aggregates.Count == 0)
        {
            return null;
        }

        foreach (var spec in aggregates)
        {
            if (spec.Function == AggregateFunction.CountStar)
            {
                continue;
            }

            var column = ShiftedColumn(spec.Argument);
            var type = column is { } c ? scan.Table.Schema.FieldsList[scan.Columns[c.Index]].DataType.TypeId : default;
            var supported = !spec.Distinct && spec.Function switch
            {
                AggregateFunction.Count => column?.Shift == 0 && type is Apache.Arrow.Types.ArrowTypeId.Int64 or Apache.Arrow.Types.ArrowTypeId.Double,
                AggregateFunction.Min or AggregateFunction.Max => column?.Shift == 0
                    && (type is Apache.Arrow.Types.ArrowTypeId.Int64 or Apache.Arrow.Types.ArrowTypeId.Double
                        || (type == Apache.Arrow.Types.ArrowTypeId.String && !scan.HasPredicates)),
                AggregateFunction.Sum or AggregateFunction.Total or AggregateFunction.Avg => type == Apache.Arrow.Types.ArrowTypeId.Int64,
                _ => false,
            };
            if (!supported)
            {
                return null;
            }
        }

        return new ColumnAggregates(scan, aggregates);
    }

    /// <summary>The partial states of segment <paramref name="m"/>, or null when it must be aggregated the general way.</summary>
    public AggregateState[]? Segment(int m)
    {
        var segment = _scan.Table.Segments[m];
        var states = new AggregateState[_aggregates.Count];
        var words = (segment.RowCount + 63) >> 6;
        // Each column's masked sum, taken once for all the aggregates over it (SUM(x), SUM(x + 1), AVG(x)).
        var columnSums = new long?[_scan.Columns.Count];
        var passingWords = ArrayPool<ulong>.Shared.Rent(words);
        var mask = ArrayPool<ulong>.Shared.Rent(words);
        try
        {
            var passing = Passing(segment, passingWords.AsSpan(0, words), columnSums);
            for (var a = 0; a < states.Length; a++)
            {
                var spec = _aggregates[a];
                if (spec.Function == AggregateFunction.CountStar)
                {
                    states[a] = CountState.Of(passing.IsEmpty ? segment.LiveRowCount : AggregateKernels.Count(passing, segment.RowCount));
                    continue;
                }

                var (index, shift) = ShiftedColumn(spec.Argument)!.Value;
                var array = segment.Batch.Column(_scan.Columns[index]);
                if (array is StringArray texts)
                {
                    if (FromTexts(spec, texts, everyRow: passing.IsEmpty) is not { } extreme)
                    {
                        return null;
                    }

                    states[a] = extreme;
                    continue;
                }

                var rows = Mask(passing, segment.RowCount, array, mask.AsSpan(0, words));
                var state = spec.Function == AggregateFunction.Count
                    ? CountState.Of(AggregateKernels.Count(rows, segment.RowCount))
                    : array is Int64Array longs ? FromLongs(spec, longs, shift, rows, segment.RowCount, ref columnSums[index]) : FromDoubles(spec, (DoubleArray)array, rows);
                if (state is null)
                {
                    return null;
                }

                states[a] = state;
            }

            return states;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(passingWords);
            ArrayPool<ulong>.Shared.Return(mask);
        }
    }

    /// <summary>
    /// The argument as a column index and a constant added to it: a column (0), <c>column + c</c>,
    /// <c>c + column</c> or <c>column - c</c> over INTEGERs; null for any other expression.
    /// </summary>
    private static (int Index, Int128 Shift)? ShiftedColumn(VectorExpression? argument) => argument switch
    {
        ColumnExpression c => (c.Index, 0),
        ArithmeticExpression { Operator: ArithmeticOperator.Add, Left: ColumnExpression c, Right: ConstantExpression { Value: long k } } => (c.Index, k),
        ArithmeticExpression { Operator: ArithmeticOperator.Add, Left: ConstantExpression { Value: long k }, Right: ColumnExpression c } => (c.Index, k),
        ArithmeticExpression { Operator: ArithmeticOperator.Subtract, Left: ColumnExpression c, Right: ConstantExpression { Value: long k } } => (c.Index, -(Int128)k),
        _ => null,
    };

    /// <summary>
    /// The rows of the segment that are live and pass the scan's predicates, tested straight on the
    /// stored arrays (none when the zone maps rule the segment out); empty when every row does. A
    /// predicate on a column that a SUM reads is tested last, and where it can, sums the rows it keeps
    /// in the same pass (<see cref="ScanPredicate.NarrowAndSum"/>) into <paramref name="columnSums"/>.
    /// </summary>
    private ReadOnlySpan<ulong> Passing(Segment segment, Span<ulong> mask, long?[] columnSums)
    {
        if (segment.Deleted is null && !_scan.HasPredicates)
        {
            return [];
        }

        ScanOperator.LiveRowMask(segment, 0, segment.RowCount, mask);
        if (!_scan.MayMatch(segment))
        {
            mask.Clear();
            return mask;
        }

        if (_scan.HasPredicates)
        {
            var rows = ArrayPool<int>.Shared.Rent(Chunk.Capacity);
            try
            {
                var predicates = _scan.PredicatesFor(segment);
                var summing = LastOnSummedColumn(predicates);
                for (var p = 0; p < predicates.Count; p++)
                {
                    if (p != summing)
                    {
                        predicates[p].Narrow(segment.Batch.Column(predicates[p].Column), 0, segment.RowCount, mask, rows);
                    }
                }

                if (summing >= 0)
                {
                    var predicate = predicates[summing];
                    var array = segment.Batch.Column(predicate.Column);
                    if (predicate.NarrowAndSum(array, segment.RowCount, mask) is { } sum)
                    {
                        columnSums[_summedColumns[predicate.Column]] = sum;
                    }
                    else
                    {
                        predicate.Narrow(array, 0, segment.RowCount, mask, rows);
                    }
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(rows);
            }
        }

        return mask;
    }

    /// <summary>The position of the last of <paramref name="predicates"/> on a column a SUM reads, or -1.</summary>
    private int LastOnSummedColumn(IReadOnlyList<ScanPredicate> predicates)
    {
        for (var p = predicates.Count - 1; p >= 0; p--)
        {
            if (_summedColumns[predicates[p].Column] >= 0)
            {
                return p;
            }
        }

        return -1;
    }

    /// <summary>The <paramref name="passing"/> rows (every row when empty) that are valid in <paramref name="array"/>; empty when all rows are.</summary>
    private static ReadOnlySpan<ulong> Mask(ReadOnlySpan<ulong> passing, int length, IArrowArray array, Span<ulong> mask)
    {
        if (array.NullCount == 0)
        {
            return passing;
        }

        if (passing.IsEmpty)
        {
            // Every row, and no bit past them (the validity bitmap's padding is not to be trusted).
            mask.Fill(ulong.MaxValue);
            if ((length & 63) != 0)
            {
                mask[^1] = (1UL << length) - 1;
            }
        }
        else
        {
            passing.CopyTo(mask);
        }

        SelectionKernels.NarrowMaskToValid(array.Data.Buffers[0].Span, array.Offset, length, mask);
        return mask;
    }

    /// <summary>
    /// The segment's state of a MIN, MAX, SUM, TOTAL or AVG over <paramref name="array"/> plus <paramref name="shift"/>;
    /// <paramref name="columnSum"/> is the masked sum of the column, taken here when no other aggregate has yet.
    /// </summary>
    private static AggregateState? FromLongs(AggregateSpec spec, Int64Array array, Int128 shift, ReadOnlySpan<ulong> rows, int length, ref long? columnSum)
    {
        var values = array.Values;
        var count = AggregateKernels.Count(rows, length);
        if (spec.Function is AggregateFunction.Min or AggregateFunction.Max)
        {
            return count == 0 ? Extreme(spec, null) : Extreme(spec, ColumnVector.OfLongs(
                [spec.Function == AggregateFunction.Min ? AggregateKernels.Min(values, rows) : AggregateKernels.Max(values, rows)], null));
        }

        if (count == 0)
        {
            return IntegerSumPartial.Bounded(0, 0, 0, 0);
        }

        // Every value x + shift must be an INTEGER (SQLite turns an overflowing addition into a REAL),
        // and every partial sum of the segment lies within length * [min(0, lowest), max(0, highest)]:
        // when that fits in 64 bits, no running sum overflows and the sum of the column plus
        // count * shift, wrapped to 64 bits like the lanes, is exact.
        var zone = ZoneMap.Of(array)!;
        var (lowest, highest) = ((long)zone.Min! + shift, (long)zone.Max! + shift);
        var low = length * Int128.Min(0, lowest);
        var high = length * Int128.Max(0, highest);
        if (lowest < long.MinValue || highest > long.MaxValue || low < long.MinValue || high > long.MaxValue)
        {
            return null;
        }

        columnSum ??= AggregateKernels.Sum(values, rows);
        var total = unchecked((long)(columnSum.Value + count * shift));
        return IntegerSumPartial.Bounded(total, count, low, high);
    }

    private static AggregateState? FromDoubles(AggregateSpec spec, DoubleArray array, ReadOnlySpan<ulong> rows)
    {
        if (ZoneMap.Of(array) is not { HasValues: true } zone)
        {
            return Extreme(spec, null);
        }

        if (double.IsNaN((double)zone.Min!))
        {
            return null;
        }

        var values = array.Values;
        var best = spec.Function == AggregateFunction.Min ? AggregateKernels.Min(values, rows) : AggregateKernels.Max(values, rows);
        var none = spec.Function == AggregateFunction.Min ? double.MaxValue : double.MinValue;
        return best == 0.0 || best == none ? null : Extreme(spec, ColumnVector.OfDoubles([best], null));
    }

    /// <summary>
    /// A text MIN/MAX straight from the segment's zone map, when every row counts (none deleted) and
    /// every text is well-formed UTF-8 (byte order then is BINARY order); null otherwise.
    /// </summary>
    private static MinMaxState? FromTexts(AggregateSpec spec, StringArray array, bool everyRow)
    {
        if (!everyRow || ZoneMap.Of(array) is not { WellFormedText: true } zone)
        {
            return null;
        }

        var best = spec.Function == AggregateFunction.Min ? zone.Min : zone.Max;
        return Extreme(spec, best is byte[] bytes ? ColumnVector.OfTexts([Encoding.UTF8.GetString(bytes)], null) : null);
    }

    /// <summary>A one-group MIN/MAX state holding <paramref name="value"/>'s only row, or no value.</summary>
    private static MinMaxState Extreme(AggregateSpec spec, ColumnVector? value)
    {
        var state = new MinMaxState(spec.Argument!.Kind, spec.Function == AggregateFunction.Max);
        if (value is not null)
        {
            state.Update(value, null, [0], [0], 1);
        }

        return state;
    }
}
