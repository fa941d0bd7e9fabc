using Apache.Arrow;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// The radix-partitioned merge of partial aggregations (HashAggregateOperator.Partitioned): the
/// rows, their order and the errors are those of the serial fold at every degree.
/// </summary>
public sealed class PartitionedAggregationTests
{
    private static readonly ColumnExpression K = new(0, ValueKind.Integer);
    private static readonly ColumnExpression I = new(1, ValueKind.Integer);
    private static readonly ColumnExpression R = new(2, ValueKind.Real);
    private static readonly ColumnExpression S = new(3, ValueKind.Text);

    private static readonly AggregateSpec[] Mergeable =
    [
        new(AggregateFunction.CountStar, null, false),
        new(AggregateFunction.Count, R, false),
        new(AggregateFunction.Sum, I, false),
        new(AggregateFunction.Total, I, false),
        new(AggregateFunction.Avg, I, false),
        new(AggregateFunction.Min, R, false),
        new(AggregateFunction.Max, S, false),
        new(AggregateFunction.FirstValue, S, false),
        new(AggregateFunction.FirstValue, R, false),
    ];

    /// <summary>Integer, real (0.0 and -0.0 are one key), text and mixed keys; i has a value nearly per row.</summary>
    private static readonly VectorExpression[][] KeyShapes = [[K], [R], [S], [I], [K, S], [I, R, S]];

    private static PhysicalOperator Aggregate(
        TableSnapshot table, VectorExpression[] keys, AggregateSpec[] specs, int degree, QueryMemory? memory = null) =>
        new HashAggregateOperator(new ScanOperator(table, [0, 1, 2, 3]), keys, specs, "agg", specialised: true, memory, parallelism: degree)
        {
            AlwaysPartitioned = true,
        };

    [Property(MaxTest = 20)]
    public void Partitioned_merges_give_the_serial_rows_in_the_serial_order(int seed)
    {
        var table = ParallelTables.Random(seed, segments: 24, huge: seed % 3 == 0);
        foreach (var keys in KeyShapes)
        {
            foreach (var specs in Mergeable.Select(s => new[] { s }).Append(Mergeable))
            {
                var answers = ParallelTables.AtDegrees(d => Aggregate(table, keys, specs, d), 1, 2, 8);
                Assert.Equal(answers[0], answers[1]);
                Assert.Equal(answers[0], answers[2]);
            }
        }
    }

    [Fact]
    public void Many_groups_take_the_partitioned_path_and_keep_first_seen_order()
    {
        // 200,000 rows over 120,000 keys in segments of 5,000: a first partial of one group per
        // row, and more groups in all than the threshold, so the merge is partitioned.
        var table = ManyGroups(rows: 200_000, keys: 120_000, segmentRows: 5_000);
        PhysicalOperator Plan(int d) => new HashAggregateOperator(
            new ScanOperator(table, [0, 1, 2, 3]),
            [S, K],
            [new(AggregateFunction.CountStar, null, false), new(AggregateFunction.Sum, I, false), new(AggregateFunction.FirstValue, R, false)],
            "agg",
            parallelism: d);
        var answers = ParallelTables.AtDegrees(Plan, 1, 2, 4);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(answers[0], answers[2]);
        var rows = answers[0].Split('\n');
        Assert.Equal(120_000, rows.Length);

        // First-seen order: key j first appears in row j.
        Assert.StartsWith("t0|0|", rows[0]);
        Assert.StartsWith("t119999|119999|", rows[^1]);
    }

    [Fact]
    public void Zero_and_negative_zero_keys_are_one_group_in_every_partial()
    {
        // The zero group's key is -0.0 in the partials of even segments and 0.0 in odd ones: both
        // must meet in one partition, giving the zero group and the 16 other keys.
        var segments = Enumerable.Range(0, 16).Select(m => RealSegment(m % 2 == 0 ? [-0.0, 0.0, m + 0.5] : [0.0, -0.0, m + 0.25])).ToArray();
        var table = new TableSnapshot("t", ParallelTables.Schema, [.. segments]);
        var answers = ParallelTables.AtDegrees(d => Aggregate(table, [R], Mergeable, d), 1, 2, 8);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(answers[0], answers[2]);
        Assert.Equal(17, answers[0].Split('\n').Length);
    }

    [Fact]
    public void The_memory_limit_fails_the_partitioned_merge_cleanly()
    {
        // Keys in no order (ascending ones fold morsel by morsel, never partitioned). The 20 partials of 5,000 groups
        // hold 36-38 MB; the merge's splits and partitions need 58-64 MB more, depending on how the two threads share
        // the partitions: 45 MB is crossed in the merge, every run (at 1 thread nothing merges partials).
        var table = ManyGroups(rows: 100_000, keys: 100_000, segmentRows: 5_000, stride: 7919);
        var memory = new QueryMemory(45_000_000);
        var error = Assert.Throws<YodaException>(() => ParallelTables.Rows(Aggregate(table, [K], Mergeable, 2, memory)));
        Assert.Contains("memory", error.Message);

        // Crossed in the partitioned merge (its splits or partitions), not while the partials were folded: the error
        // comes through MergedByPartition (the stack names methods with or without the PDB).
        Assert.Contains("MergedByPartition", error.StackTrace);
    }

    private static Segment RealSegment(double[] values) => ParallelTables.SegmentOf(values.Length, n => (1, 2, values[n], "x"));

    /// <summary>k = row × stride % keys (a stride prime to keys: each key once per keys rows), s = "t" + k, i = row, r = row / 2.</summary>
    private static TableSnapshot ManyGroups(int rows, int keys, int segmentRows, int stride = 1)
    {
        var segments = new List<Segment>();
        for (var start = 0; start < rows; start += segmentRows)
        {
            var first = start;
            segments.Add(ParallelTables.SegmentOf(Math.Min(rows, start + segmentRows) - start, n =>
            {
                var row = first + n;
                var k = (int)((long)row * stride % keys);
                return (k, row, row / 2.0, "t" + k);
            }));
        }

        return new TableSnapshot("t", ParallelTables.Schema, [.. segments]);
    }
}
