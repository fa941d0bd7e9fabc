using Apache.Arrow;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Kernels;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// A lower and an upper bound on one numeric column, pushed down one after the other (<c>x BETWEEN a
/// AND b</c>, <c>x &gt;= a AND x &lt; b</c>): one pass of <see cref="SelectionKernels.NarrowMaskRange"/>
/// over the values where the two comparisons would each read them. Rows, zone maps and the description
/// are those of the two comparisons in their order.
/// </summary>
public sealed class RangePredicate : ScanPredicate
{
    private readonly ComparisonPredicate _first;
    private readonly ComparisonPredicate _second;
    private readonly ComparisonPredicate _lower;
    private readonly ComparisonPredicate _upper;

    private RangePredicate(ComparisonPredicate first, ComparisonPredicate second, ComparisonPredicate lower, ComparisonPredicate upper)
        : base(first.Column, $"{first.Description} AND {second.Description}") =>
        (_first, _second, _lower, _upper) = (first, second, lower, upper);

    /// <summary>
    /// <paramref name="predicates"/> with each two neighbours that bound one numeric column from below
    /// and from above (constants of one type) made one <see cref="RangePredicate"/>; the order is kept.
    /// </summary>
    public static IReadOnlyList<ScanPredicate> Fuse(IReadOnlyList<ScanPredicate> predicates)
    {
        List<ScanPredicate>? fused = null;
        for (var p = 0; p < predicates.Count; p++)
        {
            if (p + 1 < predicates.Count && TryCreate(predicates[p], predicates[p + 1]) is { } range)
            {
                fused ??= [.. predicates.Take(p)];
                fused.Add(range);
                p++;
                continue;
            }

            fused?.Add(predicates[p]);
        }

        return fused ?? predicates;
    }

    private static RangePredicate? TryCreate(ScanPredicate a, ScanPredicate b)
    {
        if (a is not ComparisonPredicate first || b is not ComparisonPredicate second || first.Column != second.Column
            || first.ComparesText || first.Constant.GetType() != second.Constant.GetType())
        {
            return null;
        }

        return (IsLower(first.Operator), IsUpper(first.Operator), IsLower(second.Operator), IsUpper(second.Operator)) switch
        {
            (true, _, _, true) => new RangePredicate(first, second, first, second),
            (_, true, true, _) => new RangePredicate(first, second, second, first),
            _ => null,
        };
    }

    private static bool IsLower(ComparisonOperator op) => op is ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual;

    private static bool IsUpper(ComparisonOperator op) => op is ComparisonOperator.Less or ComparisonOperator.LessOrEqual;

    public override bool MayMatch(ZoneMap zone) => _lower.MayMatch(zone) && _upper.MayMatch(zone);

    public override bool MatchesAll(ZoneMap zone) => _lower.MatchesAll(zone) && _upper.MatchesAll(zone);

    public override bool HasMaskKernel(IArrowArray array) => array is Int64Array or DoubleArray;

    protected override bool ReadsDenseRowsItself(IArrowArray array) => array is Int64Array or DoubleArray;

    /// <summary>The chunk path: the two comparisons one after the other, as without fusing.</summary>
    protected override int FilterValues(IArrowArray array, int start, int[] rows, int count, bool dense)
    {
        var kept = _first.Filter(array, start, rows, count, dense);
        return kept == 0 ? 0 : _second.Filter(array, start, rows, kept, dense: false);
    }

    protected override void NarrowValues(IArrowArray array, int start, int length, Span<ulong> mask)
    {
        var (strictLow, strictHigh) = (_lower.Operator == ComparisonOperator.Greater, _upper.Operator == ComparisonOperator.Less);
        switch (strictLow, strictHigh)
        {
            case (false, false):
                Narrow<GreaterOrEqualTest, LessOrEqualTest>(array, start, length, mask);
                break;
            case (false, true):
                Narrow<GreaterOrEqualTest, LessTest>(array, start, length, mask);
                break;
            case (true, false):
                Narrow<GreaterTest, LessOrEqualTest>(array, start, length, mask);
                break;
            default:
                Narrow<GreaterTest, LessTest>(array, start, length, mask);
                break;
        }
    }

    public override long? NarrowAndSum(IArrowArray array, int length, Span<ulong> mask) =>
        (_lower.Operator == ComparisonOperator.Greater, _upper.Operator == ComparisonOperator.Less) switch
        {
            (false, false) => SumNumbers<GreaterOrEqualTest, LessOrEqualTest>(array, length, _lower.Constant, _upper.Constant, mask),
            (false, true) => SumNumbers<GreaterOrEqualTest, LessTest>(array, length, _lower.Constant, _upper.Constant, mask),
            (true, false) => SumNumbers<GreaterTest, LessOrEqualTest>(array, length, _lower.Constant, _upper.Constant, mask),
            _ => SumNumbers<GreaterTest, LessTest>(array, length, _lower.Constant, _upper.Constant, mask),
        };

    private void Narrow<TLow, THigh>(IArrowArray array, int start, int length, Span<ulong> mask)
        where TLow : struct, IOrderTest
        where THigh : struct, IOrderTest => NarrowNumbers<TLow, THigh>(array, start, length, _lower.Constant, _upper.Constant, mask);

    /// <summary>
    /// <see cref="FilteredSums.NarrowAndSumRange"/> over rows 0 .. <paramref name="length"/> - 1 of an INTEGER
    /// array without NULLs, against INTEGER bounds; null (the mask untouched) for any other array.
    /// </summary>
    internal static long? SumNumbers<TLow, THigh>(IArrowArray array, int length, object low, object high, Span<ulong> mask)
        where TLow : struct, IOrderTest
        where THigh : struct, IOrderTest =>
        array is Int64Array { NullCount: 0 } longs && low is long lowest && high is long highest
            ? FilteredSums.NarrowAndSumRange<TLow, THigh>(longs.Values[..length], lowest, highest, mask)
            : null;

    /// <summary>
    /// <see cref="SelectionKernels.NarrowMaskRange"/> over rows <paramref name="start"/>.. of an INTEGER or REAL
    /// array, against <paramref name="low"/> and <paramref name="high"/> of its kind (a <see cref="long"/> or a
    /// <see cref="double"/>); a single comparison passes <see cref="PassTest"/> as the second test.
    /// </summary>
    internal static void NarrowNumbers<TLow, THigh>(IArrowArray array, int start, int length, object low, object high, Span<ulong> mask)
        where TLow : struct, IOrderTest
        where THigh : struct, IOrderTest
    {
        if (array is Int64Array longs)
        {
            SelectionKernels.NarrowMaskRange<long, TLow, THigh>(longs.Values.Slice(start, length), (long)low, (long)high, mask);
        }
        else
        {
            SelectionKernels.NarrowMaskRange<double, TLow, THigh>(((DoubleArray)array).Values.Slice(start, length), (double)low, (double)high, mask);
        }
    }
}
