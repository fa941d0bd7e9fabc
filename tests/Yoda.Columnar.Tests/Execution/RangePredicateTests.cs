using Apache.Arrow;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

public sealed class RangePredicateTests
{
    private static readonly ComparisonOperator[] Bounds = [ComparisonOperator.Less, ComparisonOperator.LessOrEqual, ComparisonOperator.Greater, ComparisonOperator.GreaterOrEqual];

    /// <summary>
    /// Neighbours that bound one numeric column from both sides (constants of one type) become one
    /// predicate described as the two were; bounds on one side, other columns, texts, mixed constant
    /// types and predicates that are not neighbours stay as they are, in their order.
    /// </summary>
    [Fact]
    public void Only_neighbouring_bounds_of_one_numeric_column_from_both_sides_are_fused()
    {
        ComparisonPredicate P(int column, ComparisonOperator op, object constant) => new(column, op, constant, $"c{column} {op} {constant}");
        var (low, high) = (P(0, ComparisonOperator.GreaterOrEqual, 1L), P(0, ComparisonOperator.Less, 9L));
        var fused = RangePredicate.Fuse([P(1, ComparisonOperator.Equal, 3L), high, low, P(2, ComparisonOperator.Less, 4L)]);
        Assert.Equal(["c1 Equal 3", "c0 Less 9 AND c0 GreaterOrEqual 1", "c2 Less 4"], fused.Select(p => p.Description));
        Assert.IsType<RangePredicate>(fused[1]);

        ScanPredicate[][] unfused =
        [
            [low, P(0, ComparisonOperator.Greater, 2L)],
            [low, P(1, ComparisonOperator.Less, 9L)],
            [P(0, ComparisonOperator.GreaterOrEqual, "a"), P(0, ComparisonOperator.Less, "b")],
            [low, P(0, ComparisonOperator.Less, 9.5)],
            [low, P(0, ComparisonOperator.Equal, 5L), high],
            [P(0, ComparisonOperator.NotEqual, 1L), high],
        ];
        foreach (var predicates in unfused)
        {
            Assert.Same(predicates, RangePredicate.Fuse(predicates));
        }
    }

    /// <summary>
    /// A fused range keeps exactly the rows the two comparisons keep one after the other: on a row mask
    /// (the one-pass kernel, NULLs dropped) and on dense and sparse chunk selections, for INTEGER and
    /// REAL columns with NULLs, from any start in the array; and its zone-map answers are both bounds'.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool A_range_keeps_the_rows_its_two_comparisons_keep(sbyte[] seeds, sbyte lowSeed, sbyte highSeed, byte opSeed, byte startSeed, bool reals)
    {
        if (seeds.Length == 0)
        {
            return true;
        }

        var lowOp = Bounds[2 + (opSeed & 1)];
        var highOp = Bounds[(opSeed >> 1) & 1];
        var values = seeds.Select(s => s % 9 == 0 ? null : (long?)(s % 20)).ToArray();
        IArrowArray array = reals ? Doubles(values.Select(v => v / 2.0)) : Longs(values);
        object Constant(sbyte s) => reals ? (s % 25) / 2.0 : (object)(long)(s % 25);
        var (lower, upper) = (new ComparisonPredicate(0, lowOp, Constant(lowSeed), "low"), new ComparisonPredicate(0, highOp, Constant(highSeed), "high"));
        var first = (opSeed & 4) == 0 ? lower : upper;
        var second = first == lower ? upper : lower;
        var range = Assert.IsType<RangePredicate>(Assert.Single(RangePredicate.Fuse([first, second])));

        var start = startSeed % values.Length;
        var length = values.Length - start;
        var rows = new int[Chunk.Capacity];
        var (expected, actual) = (Mask(length), Mask(length));
        first.Narrow(array, start, length, expected, rows);
        second.Narrow(array, start, length, expected, rows);
        range.Narrow(array, start, length, actual, rows);

        var sparse = Enumerable.Range(0, length).Where(i => seeds[i % seeds.Length] % 3 != 0).ToArray();
        var zone = ZoneMap.Of(array);
        return expected.SequenceEqual(actual)
            && Filtered(range, array, start, length, null).SequenceEqual(Filtered(second, array, start, length, Filtered(first, array, start, length, null)))
            && Filtered(range, array, start, length, sparse).SequenceEqual(Filtered(second, array, start, length, Filtered(first, array, start, length, sparse)))
            && (zone is null || (range.MayMatch(zone) == (lower.MayMatch(zone) && upper.MayMatch(zone))
                && range.MatchesAll(zone) == (lower.MatchesAll(zone) && upper.MatchesAll(zone))));
    }

    private static Int64Array Longs(IEnumerable<long?> values)
    {
        var builder = new Int64Array.Builder();
        foreach (var value in values)
        {
            _ = value is { } v ? builder.Append(v) : builder.AppendNull();
        }

        return builder.Build();
    }

    private static DoubleArray Doubles(IEnumerable<double?> values)
    {
        var builder = new DoubleArray.Builder();
        foreach (var value in values)
        {
            _ = value is { } v ? builder.Append(v) : builder.AppendNull();
        }

        return builder.Build();
    }

    private static ulong[] Mask(int length)
    {
        var mask = Enumerable.Repeat(ulong.MaxValue, (length + 63) / 64).ToArray();
        mask[^1] = length % 64 == 0 ? ulong.MaxValue : (1UL << length) - 1;
        return mask;
    }

    /// <summary>The rows of <paramref name="selected"/> (every row when null) that pass <paramref name="predicate"/> through its chunk filter.</summary>
    private static int[] Filtered(ScanPredicate predicate, IArrowArray array, int start, int length, int[]? selected)
    {
        var rows = new int[length + 1];
        if (selected is null)
        {
            System.Array.Fill(rows, -7);
            return rows[..predicate.Filter(array, start, rows, length, dense: true)];
        }

        if (selected.Length == 0)
        {
            return [];
        }

        selected.CopyTo(rows, 0);
        return rows[..predicate.Filter(array, start, rows, selected.Length, dense: false)];
    }
}
