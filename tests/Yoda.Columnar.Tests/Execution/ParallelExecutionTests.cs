using System.Diagnostics;
using Apache.Arrow;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Execution.Parallel;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

public sealed class ParallelExecutionTests
{
    private static readonly ColumnExpression K = new(0, ValueKind.Integer);
    private static readonly ColumnExpression I = new(1, ValueKind.Integer);
    private static readonly ColumnExpression R = new(2, ValueKind.Real);
    private static readonly ColumnExpression S = new(3, ValueKind.Text);

    /// <summary>Aggregates whose per-morsel states merge exactly (run fully in parallel).</summary>
    private static readonly AggregateSpec[] Mergeable =
    [
        new(AggregateFunction.CountStar, null, false),
        new(AggregateFunction.Count, R, false),
        new(AggregateFunction.Sum, I, false),
        new(AggregateFunction.Total, I, false),
        new(AggregateFunction.Avg, I, false),
        new(AggregateFunction.Min, R, false),
        new(AggregateFunction.Max, R, false),
        new(AggregateFunction.Min, S, false),
        new(AggregateFunction.Max, S, false),
        new(AggregateFunction.FirstValue, S, false),
    ];

    /// <summary>Aggregates folded serially over a parallel input pipeline.</summary>
    private static readonly AggregateSpec[] SerialFold =
    [
        new(AggregateFunction.Sum, R, false),
        new(AggregateFunction.Total, R, false),
        new(AggregateFunction.Avg, R, false),
        new(AggregateFunction.GroupConcat, S, false),
        new(AggregateFunction.Count, S, true),
        new(AggregateFunction.ValueAtMax, S, false, R),
    ];

    /// <summary>No key; k % 3 (few groups); k, s and both (many groups per morsel; below the partitioned merge's threshold, which PartitionedAggregationTests lowers).</summary>
    private static readonly VectorExpression[][] KeyShapes =
        [[], [new ArithmeticExpression(ArithmeticOperator.Modulo, K, new ConstantExpression(ValueKind.Integer, 3L))], [K], [S], [K, S]];

    private static PhysicalOperator Aggregate(TableSnapshot table, VectorExpression[] keys, AggregateSpec[] specs, int degree, bool filtered = false)
    {
        PhysicalOperator plan = new ScanOperator(table, [0, 1, 2, 3]);
        if (filtered)
        {
            plan = new FilterOperator(plan, new ComparisonExpression(ComparisonOperator.Greater, R, new ConstantExpression(ValueKind.Real, 0.0)), "r > 0");
        }

        return new HashAggregateOperator(plan, keys, specs, "agg", specialised: true, memory: null, parallelism: degree);
    }

    private static void AssertSameAtEveryDegree(Func<int, PhysicalOperator> plan)
    {
        var answers = ParallelTables.AtDegrees(plan, 1, 2, 8);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(answers[0], answers[2]);
    }

    [Property(MaxTest = 25)]
    public void Aggregates_give_the_same_answer_at_degrees_1_2_and_8(int seed)
    {
        var table = ParallelTables.Random(seed, segments: 24, huge: seed % 3 == 0);
        foreach (var keys in KeyShapes)
        {
            foreach (var spec in Mergeable.Concat(SerialFold))
            {
                AssertSameAtEveryDegree(d => Aggregate(table, keys, [spec], d, filtered: seed % 2 == 0));
            }

            AssertSameAtEveryDegree(d => Aggregate(table, keys, [.. Mergeable.Where(s => s.Argument != I)], d));
            AssertSameAtEveryDegree(d => Aggregate(table, keys, [], d));
        }
    }

    /// <summary>Ungrouped aggregates of stored columns come straight from the Arrow arrays (SIMD kernels); the reference plan folds every row.</summary>
    [Property(MaxTest = 25)]
    public void Ungrouped_column_aggregates_match_the_reference_plan(int seed)
    {
        var table = ParallelTables.Random(seed, segments: 12, huge: seed % 3 == 0);
        AggregateSpec[] specs =
        [
            new(AggregateFunction.CountStar, null, false),
            new(AggregateFunction.Count, I, false),
            new(AggregateFunction.Count, R, false),
            new(AggregateFunction.Min, I, false),
            new(AggregateFunction.Max, I, false),
            new(AggregateFunction.Min, R, false),
            new(AggregateFunction.Max, R, false),
            new(AggregateFunction.Sum, I, false),
            new(AggregateFunction.Total, I, false),
            new(AggregateFunction.Avg, K, false),
            new(AggregateFunction.Sum, Plus(I, 7), false),
            new(AggregateFunction.Total, new ArithmeticExpression(ArithmeticOperator.Add, Constant(-3), I), false),
            new(AggregateFunction.Avg, Minus(I, long.MaxValue), false),
        ];
        foreach (var spec in specs.Append(null))
        {
            AggregateSpec[] chosen = spec is null ? specs[..7] : [spec];
            var reference = ParallelTables.AtDegrees(_ => new HashAggregateOperator(new ScanOperator(table, [0, 1, 2, 3]), [], chosen, "agg", specialised: false), 1);
            Assert.Equal([reference[0], reference[0], reference[0]], ParallelTables.AtDegrees(d => Aggregate(table, [], chosen, d), 1, 2, 8));
        }
    }

    [Fact]
    public void Ungrouped_real_extremes_keep_the_first_zero_and_order_NaN_first()
    {
        var table = new TableSnapshot("t", ParallelTables.Schema, [RealSegment(1.5, -0.0, 0.0, -2.0, 0.0), RealSegment(0.0, -0.0), RealSegment(3.0, double.NaN, 2.0)]);
        foreach (var function in new[] { AggregateFunction.Min, AggregateFunction.Max })
        {
            foreach (var segments in new[] { 1, 2, 3 })
            {
                var part = new TableSnapshot("t", ParallelTables.Schema, table.Segments[..segments]);
                var reference = ParallelTables.AtDegrees(_ => new HashAggregateOperator(new ScanOperator(part, [0, 1, 2, 3]), [], [new(function, R, false)], "agg", specialised: false), 1);
                Assert.Equal([reference[0], reference[0]], ParallelTables.AtDegrees(d => Aggregate(part, [], [new(function, R, false)], d), 1, 8));
            }
        }
    }

    [Property(MaxTest = 15)]
    public void Aggregates_over_hash_join_probes_give_the_same_answer_at_degrees_1_2_and_8(int seed)
    {
        var right = ParallelTables.Random(seed + 1, segments: 2, huge: false);
        foreach (var (left, leftOuter) in new[] { 24, 1 }.Select(n => ParallelTables.Random(seed, segments: n, huge: false)).SelectMany(t => new[] { (t, false), (t, true) }))
        {
            var residual = new ComparisonExpression(ComparisonOperator.Less, new ColumnExpression(2, ValueKind.Real), new ColumnExpression(6, ValueKind.Real));
            PhysicalOperator Join() => new HashJoinOperator(new ScanOperator(left, [0, 1, 2, 3]), new ScanOperator(right, [0, 1, 2, 3]), K, K, residual, leftOuter, "k = k");
            AggregateSpec[] specs = [new(AggregateFunction.CountStar, null, false), new(AggregateFunction.Sum, new ColumnExpression(5, ValueKind.Integer), false), new(AggregateFunction.Max, new ColumnExpression(7, ValueKind.Text), false)];
            AssertSameAtEveryDegree(d => new HashAggregateOperator(Join(), [S], specs, "agg", parallelism: d));
            AssertSameAtEveryDegree(d => new HashAggregateOperator(Join(), [], specs, "agg", parallelism: d));
        }
    }

    [Fact]
    public void Sum_overflows_exactly_when_a_running_sum_overflows()
    {
        // Totals of every morsel fit, but the running sum passes long.MaxValue inside morsel 1.
        var overflowing = IntegerTable([long.MaxValue - 10], [100], [-200]);
        // Morsel 1 alone overflows, but the running sum from the start never does.
        var fitting = IntegerTable([-100], [long.MaxValue, 50]);
        foreach (var degree in new[] { 1, 2, 8 })
        {
            Assert.Equal(["error: integer overflow"], ParallelTables.AtDegrees(_ => Aggregate(overflowing, [], [new(AggregateFunction.Sum, I, false)], degree), degree));
            Assert.Equal([(long.MaxValue - 50).ToString()], ParallelTables.AtDegrees(_ => Aggregate(fitting, [], [new(AggregateFunction.Sum, I, false)], degree), degree));
        }

        // TOTAL and AVG continue in floating point from the overflowing row: computed serially again.
        AssertSameAtEveryDegree(d => Aggregate(overflowing, [], [new(AggregateFunction.Total, I, false), new(AggregateFunction.Avg, I, false)], d));
    }

    [Fact]
    public void Sums_of_a_column_plus_a_constant_overflow_as_the_row_path_does()
    {
        var nearTop = IntegerTable([long.MaxValue - 10, 0], [-5]);
        var halves = IntegerTable([long.MaxValue / 2, long.MaxValue / 2]);
        var cases = new (TableSnapshot Table, VectorExpression Argument, string Expected)[]
        {
            (nearTop, Plus(I, 5), (long.MaxValue - 5 + 5 + 0).ToString()),
            (nearTop, Minus(I, long.MinValue + 20), "error: integer overflow: an INTEGER result outside the 64-bit range (SQLite would switch to REAL) is not supported yet"),
            (nearTop, Plus(I, 20), "error: integer overflow: an INTEGER result outside the 64-bit range (SQLite would switch to REAL) is not supported yet"),
            (halves, Plus(I, 1), "error: integer overflow"),
            (halves, Minus(I, 1), (long.MaxValue - 3).ToString()),
        };
        foreach (var (table, argument, expected) in cases)
        {
            AggregateSpec[] sum = [new(AggregateFunction.Sum, argument, false)];
            var reference = ParallelTables.AtDegrees(_ => new HashAggregateOperator(new ScanOperator(table, [0, 1, 2, 3]), [], sum, "agg", specialised: false), 1);
            Assert.Equal([expected], reference);
            Assert.Equal([expected, expected], ParallelTables.AtDegrees(d => Aggregate(table, [], sum, d), 1, 2));
        }
    }

    [Fact]
    public void The_first_error_in_scan_order_is_the_one_raised()
    {
        var table = IntegerTable([.. Enumerable.Range(0, 20).Select(s => new long[] { s, s == 5 ? -5 : s == 12 ? -12 : s })]);
        var failing = new FailingExpression(I);
        // Merged partials, and the ordered fold (a REAL sum beside it), grouped and not.
        foreach (var (keys, specs) in new AggregateSpec[][] { [new(AggregateFunction.Sum, failing, false)], [new(AggregateFunction.Sum, R, false), new(AggregateFunction.Sum, failing, false)] }
            .SelectMany(specs => new VectorExpression[][] { [], [K] }.Select(keys => (keys, specs))))
        {
            foreach (var degree in new[] { 1, 2, 8 })
            {
                var error = Assert.Throws<YodaException>(() => ParallelTables.Rows(Aggregate(table, keys, specs, degree)));
                Assert.Equal("negative: -5", error.Message);
            }
        }
    }

    [Fact]
    public void Integer_sums_beside_real_sums_overflow_as_a_serial_run_does()
    {
        // The running INTEGER sum passes long.MaxValue inside morsel 1; a REAL sum beside it makes the aggregation an ordered fold.
        var overflowing = IntegerTable([long.MaxValue - 10], [100], [-200]);
        AggregateSpec[] sums = [new(AggregateFunction.Sum, I, false), new(AggregateFunction.Sum, R, false)];
        AggregateSpec[] totals = [new(AggregateFunction.Total, I, false), new(AggregateFunction.Avg, I, false), new(AggregateFunction.Sum, R, false)];
        foreach (var keys in new VectorExpression[][] { [], [K] })
        {
            Assert.Equal(["error: integer overflow", "error: integer overflow", "error: integer overflow"], ParallelTables.AtDegrees(d => Aggregate(overflowing, keys, sums, d), 1, 2, 8));
            var reference = ParallelTables.AtDegrees(_ => new HashAggregateOperator(new ScanOperator(overflowing, [0, 1, 2, 3]), keys, totals, "agg", specialised: false), 1)[0];
            Assert.DoesNotContain("error", reference, StringComparison.Ordinal);
            Assert.Equal([reference, reference, reference], ParallelTables.AtDegrees(d => Aggregate(overflowing, keys, totals, d), 1, 2, 8));
        }
    }

    [Fact]
    public void Aggregates_that_do_not_merge_run_their_morsels_on_several_threads()
    {
        var table = ParallelTables.Random(7, segments: 40, huge: false);
        foreach (var keys in new VectorExpression[][] { [], [K], [S] })
        {
            var rendezvous = new RendezvousExpression(R);
            var expected = ParallelTables.AtDegrees(d => Aggregate(table, keys, [.. SerialFold, new(AggregateFunction.Sum, R, false)], d), 1);
            Assert.Equal(expected, ParallelTables.AtDegrees(d => Aggregate(table, keys, [.. SerialFold, new(AggregateFunction.Sum, rendezvous, false)], d), 4));
            Assert.True(rendezvous.Met, "no second thread evaluated a morsel while the first one waited");
        }
    }

    [Fact]
    public void Morsels_run_on_several_threads()
    {
        var table = ParallelTables.Random(7, segments: 40, huge: false);
        var rendezvous = new RendezvousExpression(K);
        var expected = ParallelTables.AtDegrees(d => Aggregate(table, [K], Mergeable, d), 1);
        Assert.Equal(expected, ParallelTables.AtDegrees(d => Aggregate(table, [rendezvous], Mergeable, d), 4));
        Assert.True(rendezvous.Met, "no second thread evaluated a morsel while the first one waited");
    }

    /// <summary>
    /// Light morsels (three groups) merge; a morsel of a new group per row makes the rest fold
    /// serially, except the partials already started, which merge: groups first seen late, NULL keys,
    /// deleted rows and MIN/MAX of every kind give the serial answer, in first-seen order, at every degree.
    /// </summary>
    [Property(MaxTest = 15)]
    public void Partials_started_before_the_rest_folds_serially_merge_into_the_serial_answer(int seed)
    {
        var table = LightThenHeavy(seed, huge: seed % 3 == 0);
        AggregateSpec[] specs =
        [
            .. Mergeable,
            new(AggregateFunction.Min, I, false),
            new(AggregateFunction.Max, I, false),
        ];
        foreach (var keys in new VectorExpression[][] { [K], [S], [K, S] })
        {
            var reference = ParallelTables.AtDegrees(_ => new HashAggregateOperator(new ScanOperator(table, [0, 1, 2, 3]), keys, specs, "agg", specialised: false), 1);
            Assert.Equal([reference[0], reference[0], reference[0]], ParallelTables.AtDegrees(d => Aggregate(table, keys, specs, d), 1, 2, 8));
        }
    }

    /// <summary>
    /// Every morsel is aggregated once: a partial started before the rest folds serially is merged,
    /// not thrown away and its rows folded again (the key is evaluated once per row, as serially).
    /// </summary>
    [Fact]
    public void No_morsel_is_aggregated_twice_when_the_rest_folds_serially()
    {
        var table = LightThenHeavy(3, huge: false);
        var serial = new CountingExpression(K);
        ParallelTables.AtDegrees(d => Aggregate(table, [serial], Mergeable, d), 1);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var parallel = new CountingExpression(K);
            ParallelTables.AtDegrees(d => Aggregate(table, [parallel], Mergeable, d), 8);
            Assert.Equal(serial.Rows, parallel.Rows);
        }
    }

    /// <summary>
    /// Three segments of 2,000 rows over three keys, one of 500 rows each a key of its own, then
    /// segments of random sizes over 0–4,000 (NULL now and then), some with deleted rows; i may be
    /// <paramref name="huge"/>, so that integer sums overflow and the whole aggregate runs serially again.
    /// </summary>
    private static TableSnapshot LightThenHeavy(int seed, bool huge)
    {
        var random = new Random(seed);
        var segments = new List<Segment>();
        for (var s = 0; s < 3; s++)
        {
            segments.Add(ParallelTables.SegmentOf(2_000, n => (n % 3, random.Next(-1_000, 1_000), random.Next(3) == 0 ? -0.0 : random.NextDouble(), "t" + (n % 3))));
        }

        segments.Add(ParallelTables.SegmentOf(500, n => (10_000 + n, n, -n, "h" + n)));
        for (var s = 0; s < 30; s++)
        {
            var rows = random.Next(1, 400);
            var batch = ParallelTables.SegmentOf(rows, n => (random.Next(0, 4_000), huge ? random.NextInt64() : random.Next(-1_000, 1_000), random.NextDouble() * 100, "u" + random.Next(0, 4_000))).Batch;
            var k = (Int64Array)batch.Column(0);
            var keys = new Int64Array.Builder();
            for (var n = 0; n < rows; n++)
            {
                if (random.Next(20) == 0)
                {
                    keys.AppendNull();
                }
                else
                {
                    keys.Append(k.GetValue(n)!.Value);
                }
            }

            var deleted = random.Next(3) == 0 ? DeletionVector.Empty(rows).WithDeleted(Enumerable.Range(0, rows).Where(_ => random.Next(4) == 0), rows) : null;
            segments.Add(new Segment(new RecordBatch(ParallelTables.Schema, [keys.Build(), batch.Column(1), batch.Column(2), batch.Column(3)], rows), deleted));
        }

        return new TableSnapshot("t", ParallelTables.Schema, [.. segments]);
    }

    /// <summary>Merged partials (COUNT(*)) and the ordered fold (a REAL sum).</summary>
    [Theory]
    [InlineData(AggregateFunction.CountStar)]
    [InlineData(AggregateFunction.Sum)]
    public async Task Cancellation_reaches_every_worker_within_milliseconds(AggregateFunction function)
    {
        // 400 morsels of 20 ms: seconds of work, so the query cannot finish before the cancellation
        // even when the other test classes running at the same time starve this test's polling.
        var table = ParallelTables.Random(3, segments: 400, huge: false);
        var slow = new SlowExpression(K, TimeSpan.FromMilliseconds(20));
        using var cts = new CancellationTokenSource();
        AggregateSpec spec = new(function, function == AggregateFunction.Sum ? R : null, false);
        var query = Task.Run(() => ParallelTables.Rows(Aggregate(table, [slow], [spec], 8), cts.Token));
        while (slow.Evaluations == 0)
        {
            await Task.Delay(1);
        }

        var clock = Stopwatch.StartNew();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        Assert.True(clock.ElapsedMilliseconds < 1000, $"took {clock.ElapsedMilliseconds} ms");
        await Task.Delay(50);
        var settled = slow.Evaluations;
        await Task.Delay(200);
        Assert.Equal(settled, slow.Evaluations);
    }

    [Fact]
    public async Task Many_parallel_queries_at_once_all_finish_with_the_serial_answer()
    {
        var table = ParallelTables.Random(11, segments: 60, huge: false);
        var expected = ParallelTables.AtDegrees(d => Aggregate(table, [S], Mergeable, d), 1)[0];
        var queries = Enumerable.Range(0, 32).Select(_ => Task.Run(() => ParallelTables.AtDegrees(d => Aggregate(table, [S], Mergeable, d), 8)[0]));
        var answers = await Task.WhenAll(queries).WaitAsync(TimeSpan.FromSeconds(120));
        Assert.All(answers, a => Assert.Equal(expected, a));
    }

    [Fact]
    public void A_consumer_that_stops_early_gets_the_serial_prefix()
    {
        var table = ParallelTables.Random(5, segments: 30, huge: false);
        var scan = new ScanOperator(table, [0, 1]);
        var serial = scan.Execute(default).Take(3).Select(c => c.RowCount).ToList();
        var source = scan.OpenMorsels(default);
        var parallel = OrderedMorsels.Run(source.Count, 8, (m, token) => source.Execute(m, token).ToList(), default).SelectMany(c => c).Take(3).Select(c => c.RowCount).ToList();
        Assert.Equal(serial, parallel);
    }

    [Fact]
    public void Only_stateless_pipelines_split_into_morsels()
    {
        var table = ParallelTables.Random(1, segments: 5, huge: false);
        var scan = new ScanOperator(table, [0, 1, 2, 3]);
        Assert.Equal(5, new FilterOperator(scan, new ComparisonExpression(ComparisonOperator.Less, K, I), "k < i").OpenMorsels(default)!.Count);
        Assert.Null(new ProjectOperator(scan, [new StatefulExpression()], ["x"]).OpenMorsels(default));
    }

    private static ConstantExpression Constant(long value) => new(ValueKind.Integer, value);

    private static ArithmeticExpression Plus(VectorExpression e, long value) => new(ArithmeticOperator.Add, e, Constant(value));

    private static ArithmeticExpression Minus(VectorExpression e, long value) => new(ArithmeticOperator.Subtract, e, Constant(value));

    private static TableSnapshot IntegerTable(params long[][] segments) =>
        new("t", ParallelTables.Schema, [.. segments.Select(values => ParallelTables.SegmentOf(values.Length, n => (0, values[n], 0, "x")))]);

    private static Segment RealSegment(params double[] values) => ParallelTables.SegmentOf(values.Length, n => (0, 0, values[n], "x"));

    /// <summary>Its operand, failing on the first negative value.</summary>
    private sealed class FailingExpression(VectorExpression operand) : VectorExpression(operand.Kind)
    {
        public override bool IsParallelSafe => true;

        public override ColumnVector Evaluate(Chunk chunk)
        {
            var values = operand.Evaluate(chunk);
            foreach (var row in chunk.Selection)
            {
                if (values.Longs[row] < 0)
                {
                    throw new YodaException($"negative: {values.Longs[row]}");
                }
            }

            return values;
        }
    }

    /// <summary>Its operand, slowly, counting how often it ran.</summary>
    private sealed class SlowExpression(VectorExpression operand, TimeSpan delay) : VectorExpression(operand.Kind)
    {
        private int _evaluations;

        public int Evaluations => Volatile.Read(ref _evaluations);

        public override bool IsParallelSafe => true;

        public override ColumnVector Evaluate(Chunk chunk)
        {
            Interlocked.Increment(ref _evaluations);
            Thread.Sleep(delay);
            return operand.Evaluate(chunk);
        }
    }

    /// <summary>Its operand; the first thread to evaluate it waits (up to 10 s) until another thread evaluates it too.</summary>
    private sealed class RendezvousExpression(VectorExpression operand) : VectorExpression(operand.Kind)
    {
        private readonly ManualResetEventSlim _second = new();
        private int _firstThread;

        public bool Met => _second.IsSet;

        public override bool IsParallelSafe => true;

        public override ColumnVector Evaluate(Chunk chunk)
        {
            var thread = Environment.CurrentManagedThreadId;
            if (Interlocked.CompareExchange(ref _firstThread, thread, 0) is var first && first != 0 && first != thread)
            {
                _second.Set();
            }
            else
            {
                _second.Wait(TimeSpan.FromSeconds(10));
            }

            return operand.Evaluate(chunk);
        }
    }

    /// <summary>Its operand, counting the selected rows it was evaluated over.</summary>
    private sealed class CountingExpression(VectorExpression operand) : VectorExpression(operand.Kind)
    {
        private long _rows;

        public long Rows => Interlocked.Read(ref _rows);

        public override bool IsParallelSafe => true;

        public override ColumnVector Evaluate(Chunk chunk)
        {
            Interlocked.Add(ref _rows, chunk.RowCount);
            return operand.Evaluate(chunk);
        }
    }

    private sealed class StatefulExpression() : VectorExpression(ValueKind.Integer)
    {
        public override ColumnVector Evaluate(Chunk chunk) => ColumnVector.Constant(ValueKind.Integer, 1L, chunk.PhysicalLength);
    }
}
