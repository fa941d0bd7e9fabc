using Apache.Arrow;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// Grouping by one INTEGER column whose values ascend from segment to segment (an order's line items, split
/// by segments' ends) is aggregated morsel by morsel: the same rows in the same order as a serial run, REAL
/// sums to the bit, at 2 and 8 threads; keys whose rows span several segments, split keys whose rows in the
/// earlier segment are all deleted or filtered out, NULL keys in one segment or in several (then the
/// ranges do not ascend as the path needs), keys at the ends of the 64-bit range.
/// </summary>
public sealed class AscendingKeyMorselTests
{
    private static readonly ColumnExpression K = new(0, ValueKind.Integer);
    private static readonly ColumnExpression I = new(1, ValueKind.Integer);
    private static readonly ColumnExpression R = new(2, ValueKind.Real);
    private static readonly ColumnExpression S = new(3, ValueKind.Text);

    private static readonly AggregateSpec[] Aggregates =
    [
        new(AggregateFunction.CountStar, null, false),
        new(AggregateFunction.Sum, I, false),
        new(AggregateFunction.Avg, I, false),
        new(AggregateFunction.Sum, R, false),
        new(AggregateFunction.Total, R, false),
        new(AggregateFunction.Avg, R, false),
        new(AggregateFunction.Min, S, false),
        new(AggregateFunction.Max, R, false),
        new(AggregateFunction.FirstValue, S, false),
    ];

    [Property(MaxTest = 40)]
    public void Ascending_keys_give_the_serial_answer_at_degrees_2_and_8(int seed)
    {
        var random = new Random(seed);
        var table = Ascending(random);
        var filtered = random.Next(2) == 0;
        var answers = ParallelTables.AtDegrees(d => Aggregate(table, filtered, d), 1, 2, 8);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(answers[0], answers[2]);
    }

    [Fact]
    public void A_split_key_whose_rows_in_the_earlier_segment_are_deleted_is_first_seen_in_the_later()
    {
        // Segment 0: keys 1, 2, 5 (5 deleted); segment 1: 7, 5, 5, 9 (5 comes after 7, first seen there).
        var first = ParallelTables.SegmentOf(3, n => (new long[] { 1, 2, 5 }[n], n, n, "a"));
        var firstDeleted = new Segment(first.Batch, DeletionVector.Empty(3).WithDeleted([2], 3));
        var second = ParallelTables.SegmentOf(4, n => (new long[] { 7, 5, 5, 9 }[n], n, n, "b"));
        var table = new TableSnapshot("t", ParallelTables.Schema, [firstDeleted, second]);

        // The zone maps (5 to 5) allow the path; the serial order puts 5 where segment 1 met it: 1, 2, 7, 5, 9.
        var answers = ParallelTables.AtDegrees(d => Aggregate(table, filtered: false, d), 1, 2);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(["1", "2", "7", "5", "9"], answers[1].Split('\n').Select(row => row.Split('|')[0]));
    }

    [Fact]
    public void Rows_of_a_split_key_are_folded_into_the_segment_where_its_group_began()
    {
        // Key 3 in all three segments (the middle one holds nothing else), key long.MaxValue at the end.
        var table = new TableSnapshot("t", ParallelTables.Schema,
        [
            ParallelTables.SegmentOf(3, n => (new long[] { 1, 3, 3 }[n], 10 + n, 0.1, "a")),
            ParallelTables.SegmentOf(2, n => (3, 20 + n, 0.2, "b")),
            ParallelTables.SegmentOf(3, n => (new long[] { 3, 4, long.MaxValue }[n], 30 + n, 0.3, "c")),
        ]);
        var answers = ParallelTables.AtDegrees(d => Aggregate(table, filtered: false, d), 1, 2, 8);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(answers[0], answers[2]);
        Assert.Equal(["1|1", "3|5", "4|1", $"{long.MaxValue}|1"], answers[1].Split('\n').Select(row => string.Join('|', row.Split('|')[..2])));
        Assert.Equal(2, Aggregate(table, filtered: false, 2).Execute(CancellationToken.None).Count());
    }

    [Fact]
    public void A_split_key_whose_rows_in_the_later_segment_alone_overflow_a_sum_gives_the_serial_sum()
    {
        // Key 5: -4e18 twice in segment 0, then 4e18 three times in segment 1 (12e18 alone overflows; the serial running sum does not).
        const long Big = 4_000_000_000_000_000_000;
        var table = new TableSnapshot("t", ParallelTables.Schema,
        [
            ParallelTables.SegmentOf(3, n => (new long[] { 4, 5, 5 }[n], new[] { 1, -Big, -Big }[n], 0.5, "a")),
            ParallelTables.SegmentOf(4, n => (new long[] { 5, 5, 5, 6 }[n], new[] { Big, Big, Big, 1 }[n], 0.5, "b")),
        ]);
        var answers = ParallelTables.AtDegrees(d => Aggregate(table, filtered: false, d), 1, 2, 8);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(answers[0], answers[2]);
        Assert.Equal(["4|1|1", $"5|5|{Big}", "6|1|1"], answers[1].Split('\n').Select(row => string.Join('|', row.Split('|')[..3])));
    }

    private static HashAggregateOperator Aggregate(TableSnapshot table, bool filtered, int degree)
    {
        PhysicalOperator plan = new ScanOperator(table, [0, 1, 2, 3]);
        if (filtered)
        {
            plan = new FilterOperator(plan, new ComparisonExpression(ComparisonOperator.Greater, I, new ConstantExpression(ValueKind.Integer, 0L)), "i > 0");
        }

        return new HashAggregateOperator(plan, [K], Aggregates, "agg", parallelism: degree);
    }

    /// <summary>
    /// Segments of 1 to 200 rows whose keys ascend in runs of 1 to 300 rows (a run may span segments), from near
    /// 0 or near long.MaxValue; some rows deleted; NULL keys in none, one or several segments (then the path is not taken).
    /// </summary>
    private static TableSnapshot Ascending(Random random)
    {
        var key = random.Next(3) == 0 ? long.MaxValue - 3_000 : random.Next(-50, 50);
        var runLeft = 0;
        var nullSegments = random.Next(3);
        var segments = new List<Segment>();
        for (var s = random.Next(1, 12); s > 0; s--)
        {
            var rows = random.Next(1, 200);
            var withNulls = s <= nullSegments;
            var (k, i, r, t) = (new Int64Array.Builder(), new Int64Array.Builder(), new DoubleArray.Builder(), new StringArray.Builder());
            for (var row = 0; row < rows; row++)
            {
                if (runLeft == 0)
                {
                    key += random.Next(1, 4);
                    runLeft = random.Next(1, 300);
                }

                runLeft--;
                if (withNulls && random.Next(10) == 0)
                {
                    k.AppendNull();
                }
                else
                {
                    k.Append(key);
                }

                i.Append(random.Next(-3, 10));
                r.Append(Math.Round(random.NextDouble() * 1e6, random.Next(0, 4)) - 3e5);
                t.Append(((char)('a' + random.Next(0, 6))).ToString());
            }

            var deleted = random.Next(3) == 0 ? DeletionVector.Empty(rows).WithDeleted(Enumerable.Range(0, rows).Where(_ => random.Next(3) == 0), rows) : null;
            segments.Add(new Segment(new RecordBatch(ParallelTables.Schema, [k.Build(), i.Build(), r.Build(), t.Build()], rows), deleted));
        }

        return new TableSnapshot("t", ParallelTables.Schema, [.. segments]);
    }
}
