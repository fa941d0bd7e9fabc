using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="SmallerSideHashJoinOperator"/> read in parallel (its inputs through their morsels, its
/// output as morsels): the same rows in the same order as the serial <see cref="HashJoinOperator"/>
/// at every degree, whichever side it builds on, through its morsels or not; given a list of output
/// columns, those columns of the full rows.
/// </summary>
public sealed class ParallelJoinTests
{
    private static readonly ColumnExpression K = new(0, ValueKind.Integer);
    private static readonly int[] AllColumns = [0, 1, 2, 3];

    /// <summary>Left rows then right rows: r (left) &lt; r (right).</summary>
    private static readonly ComparisonExpression Residual =
        new(ComparisonOperator.Less, new ColumnExpression(2, ValueKind.Real), new ColumnExpression(6, ValueKind.Real));

    /// <summary>Three segments of 30,000 rows (more than an output morsel's worth): k = n % 1000, so few rows find a partner among keys below 25.</summary>
    private static readonly TableSnapshot Large = new(
        "large",
        ParallelTables.Schema,
        [.. Enumerable.Range(0, 3).Select(s => ParallelTables.SegmentOf(30_000, n => ((n * 7 + s) % 1000, n, n % 13 * 0.5, "x" + (n % 5))))]);

    [Property(MaxTest = 4)]
    public void Smaller_side_joins_give_the_serial_rows_in_order_at_degrees_1_2_and_8(int seed)
    {
        var right = ParallelTables.Random(seed + 1, segments: 8, huge: false);
        foreach (var left in new[] { ParallelTables.Random(seed, segments: 24, huge: false), Large })
        {
            foreach (var residual in new VectorExpression?[] { null, Residual })
            {
                var expected = ParallelTables.Rows(new HashJoinOperator(Scan(left), Scan(right), K, K, residual, false, "k = k"));

                // An estimate of 0 right rows builds on the right side; a huge one builds on the left side.
                foreach (var estimate in new[] { 0, long.MaxValue })
                {
                    foreach (var degree in new[] { 1, 2, 8 })
                    {
                        Assert.Equal(expected, ParallelTables.Rows(Join(left, right, estimate, residual, degree)));
                    }

                    Assert.Equal(expected, MorselRows(Join(left, right, estimate, residual, degree: 2)));
                }
            }
        }
    }

    [Property(MaxTest = 10)]
    public void Aggregates_over_smaller_side_joins_give_the_same_answer_at_degrees_1_2_and_8(int seed)
    {
        var (left, middle, right) = (ParallelTables.Random(seed, segments: 24, huge: false), ParallelTables.Random(seed + 1, segments: 1, huge: false), ParallelTables.Random(seed + 2, segments: 2, huge: false));
        AggregateSpec[] specs =
        [
            new(AggregateFunction.CountStar, null, false), new(AggregateFunction.Sum, new ColumnExpression(5, ValueKind.Integer), false),
            new(AggregateFunction.Sum, new ColumnExpression(6, ValueKind.Real), false), new(AggregateFunction.Max, new ColumnExpression(11, ValueKind.Text), false),
        ];
        foreach (var estimate in new[] { 0, long.MaxValue })
        {
            // Two joins: the outer one reads the inner one's morsels as its left input.
            PhysicalOperator Plan(int d) => new SmallerSideHashJoinOperator(
                Join(left, middle, estimate, Residual, d), Scan(right), long.MaxValue - estimate, K, K, null, "k = k", parallelism: d);
            var answers = ParallelTables.AtDegrees(d => new HashAggregateOperator(Plan(d), [new ColumnExpression(3, ValueKind.Text)], specs, "agg", parallelism: d), 1, 2, 8);
            Assert.Equal(answers[0], answers[1]);
            Assert.Equal(answers[0], answers[2]);
        }
    }

    [Property(MaxTest = 10)]
    public void Keys_handed_to_the_streamed_scan_leave_the_rows_unchanged_at_every_degree(int seed)
    {
        var (left, right) = (ParallelTables.Random(seed, segments: 3, huge: false), ParallelTables.Random(seed + 1, segments: 24, huge: false));
        var expected = ParallelTables.Rows(new HashJoinOperator(Scan(left), Scan(right), K, K, null, false, "k = k"));
        foreach (var degree in new[] { 1, 2, 8 })
        {
            var keys = new JoinKeyFilter(0, "k IN (keys of the join)");
            var join = new SmallerSideHashJoinOperator(Scan(left), new ScanOperator(right, AllColumns, [keys]), long.MaxValue, K, K, null, "k = k", probeKeys: keys, parallelism: degree);
            Assert.Equal(expected, ParallelTables.Rows(join));
        }
    }

    [Property(MaxTest = 4)]
    public void Joins_given_their_output_columns_give_those_columns_of_the_full_rows_at_every_degree(int seed)
    {
        var (left, right) = (ParallelTables.Random(seed, segments: 12, huge: false), ParallelTables.Random(seed + 1, segments: 4, huge: false));

        // Left r, right k and r, right s: the residual (left r < right r) reads output columns 0 and 2.
        int[] output = [2, 4, 6, 7];
        var residual = new ComparisonExpression(ComparisonOperator.Less, new ColumnExpression(0, ValueKind.Real), new ColumnExpression(2, ValueKind.Real));
        List<string> Projected(PhysicalOperator full) =>
            ParallelTables.Rows(new ProjectOperator(full, output.Select(c => (VectorExpression)new ColumnExpression(c, full.OutputKinds[c])).ToArray(), [.. output.Select(c => $"#{c}")]));

        foreach (var leftOuter in new[] { false, true })
        {
            var expected = Projected(new HashJoinOperator(Scan(left), Scan(right), K, K, Residual, leftOuter, "k = k"));
            var hash = new HashJoinOperator(Scan(left), Scan(right), K, K, residual, leftOuter, "k = k", parallelism: 2, outputColumns: output);
            Assert.Equal(expected, ParallelTables.Rows(hash));
        }

        var inner = Projected(new HashJoinOperator(Scan(left), Scan(right), K, K, Residual, false, "k = k"));
        foreach (var estimate in new[] { 0, long.MaxValue })
        {
            foreach (var degree in new[] { 1, 2, 8 })
            {
                var join = new SmallerSideHashJoinOperator(Scan(left), Scan(right), estimate, K, K, residual, "k = k", parallelism: degree, outputColumns: output);
                Assert.Equal(inner, ParallelTables.Rows(join));
            }
        }
    }

    private static ScanOperator Scan(TableSnapshot table) => new(table, AllColumns);

    private static SmallerSideHashJoinOperator Join(TableSnapshot left, TableSnapshot right, long estimate, VectorExpression? residual, int degree) =>
        new(Scan(left), Scan(right), estimate, K, K, residual, "k = k", parallelism: degree);

    /// <summary>The rows of the operator's morsels, in morsel order.</summary>
    private static List<string> MorselRows(PhysicalOperator join)
    {
        var source = join.OpenMorsels(default)!;
        return Enumerable.Range(0, source.Count)
            .SelectMany(m => ParallelTables.Rows(new MorselOperator(source, m, join.OutputKinds)))
            .ToList();
    }

    /// <summary>One morsel of a source as an operator of its own.</summary>
    private sealed class MorselOperator(MorselSource source, int morsel, IReadOnlyList<ValueKind> kinds) : PhysicalOperator
    {
        public override IReadOnlyList<ValueKind> OutputKinds => kinds;

        public override IReadOnlyList<PhysicalOperator> Children => [];

        public override string Describe() => $"Morsel {morsel}";

        public override IEnumerable<Chunk> Execute(CancellationToken ct) => source.Execute(morsel, ct);
    }
}
