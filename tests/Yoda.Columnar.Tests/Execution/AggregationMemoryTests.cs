using Apache.Arrow;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// What aggregations count against the query's memory: the texts MIN/MAX and bare-column states
/// hold, the memory a parallel aggregation gives back before it runs again serially, and the stored
/// text codes in a table's footprint.
/// </summary>
public sealed class AggregationMemoryTests
{
    private static readonly ColumnExpression K = new(0, ValueKind.Integer);
    private static readonly ColumnExpression I = new(1, ValueKind.Integer);
    private static readonly ColumnExpression R = new(2, ValueKind.Real);
    private static readonly ColumnExpression S = new(3, ValueKind.Text);

    [Theory]
    [InlineData(AggregateFunction.Min)]
    [InlineData(AggregateFunction.Max)]
    public void Min_and_max_of_texts_count_the_texts_they_hold(AggregateFunction function)
    {
        var state = new AggregateSpec(function, S, false).CreateState(specialised: true);
        var (longer, shorter) = (new string('b', 1_000), new string('a', 10));
        var texts = ColumnVector.OfTexts(function == AggregateFunction.Min ? [longer, shorter] : [shorter, longer], null);

        state.Update(texts, null, [0], [0], 1);
        var first = state.HeldBytes;
        state.Update(texts, null, [1], [0], 1);
        var second = state.HeldBytes;

        // A string's 24 bytes and its UTF-16 characters; the group's best replaced, not added to.
        Assert.Equal(function == AggregateFunction.Min ? 24 + 2_000 : 24 + 20, first);
        Assert.Equal(function == AggregateFunction.Min ? 24 + 20 : 24 + 2_000, second);
    }

    [Theory]
    [InlineData(AggregateFunction.Min, 1)]
    [InlineData(AggregateFunction.Max, 1)]
    [InlineData(AggregateFunction.Max, 2)]
    [InlineData(AggregateFunction.FirstValue, 1)]
    [InlineData(AggregateFunction.FirstValue, 2)]
    public void Long_texts_held_per_group_count_against_the_memory_limit(AggregateFunction function, int degree)
    {
        // Ten groups cost well under 10,000 bytes; their texts (1,000 characters: 2,024 bytes as a
        // string, and MIN/MAX keep a copy of the stored UTF-8 bytes too) well over.
        var texts = Enumerable.Range(0, 100).Select(n => n.ToString("d4", System.Globalization.CultureInfo.InvariantCulture) + new string('x', 996)).ToArray();
        var table = new TableSnapshot("t", ParallelTables.Schema, [.. Enumerable.Range(0, 4).Select(_ => ParallelTables.SegmentOf(texts.Length, n => (n % 10, 0, 0, texts[n])))]);
        HashAggregateOperator Plan(QueryMemory memory) =>
            new(new ScanOperator(table, [0, 1, 2, 3]), [K], [new(function, S, false)], "agg", specialised: true, memory, parallelism: degree);

        var error = Assert.Throws<YodaException>(() => ParallelTables.Rows(Plan(new QueryMemory(10_000))));
        Assert.Contains("the query needs more than 10,000 bytes of memory", error.Message);

        var ample = new QueryMemory(1_000_000);
        Assert.Equal(10, ParallelTables.Rows(Plan(ample)).Count);
        Assert.Equal(0, ample.UsedBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void A_parallel_aggregation_that_reruns_serially_gives_back_what_its_partials_counted(int degree)
    {
        // The sums of every morsel fit, but group 0's running sum passes long.MaxValue in morsel 1: TOTAL
        // and AVG go on in floating point from that row, so the merge gives up and the aggregation runs
        // again serially. Two groups of 16 rows a morsel: enough rows per group for every morsel's partial to merge.
        var table = new TableSnapshot(
            "t",
            ParallelTables.Schema,
            [.. new[] { long.MaxValue - 10, 100, -200, 1 }.Select(first => ParallelTables.SegmentOf(32, n => (n % 2, n == 0 ? first : n, n, "x")))]);
        VectorExpression[] keys = [K];
        AggregateSpec[][] shapes =
        [
            [new(AggregateFunction.Total, I, false), new(AggregateFunction.Avg, I, false)],

            // Beside a REAL sum: the ordered fold, whose workers fold TOTAL into partials.
            [new(AggregateFunction.Sum, R, false), new(AggregateFunction.Total, I, false)],
        ];
        foreach (var specs in shapes)
        {
            var reference = ParallelTables.Rows(new HashAggregateOperator(new ScanOperator(table, [0, 1, 2, 3]), keys, specs, "agg", specialised: false));
            var memory = new QueryMemory(null);
            var plan = new HashAggregateOperator(new ScanOperator(table, [0, 1, 2, 3]), keys, specs, "agg", specialised: true, memory, parallelism: degree);
            Assert.Equal(reference, ParallelTables.Rows(plan));

            // A worker may finish a morsel after the consumer has left; it gives its count back then.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (memory.UsedBytes != 0 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }

            Assert.Equal(0, memory.UsedBytes);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void An_ordered_fold_in_group_shares_counts_against_the_limit_and_gives_everything_back(int degree)
    {
        // Grouped REAL sums beside a count, folded by the group shares: a group per row (the consumer groups the
        // rows itself), and 1,000 groups in every morsel (4 rows a group in the first chunk sends them to the shares;
        // 8 a group in the morsel, so the workers group each morsel).
        foreach (var groupPerRow in new[] { true, false })
        {
            var table = new TableSnapshot("t", ParallelTables.Schema, [.. Enumerable.Range(0, 4).Select(s => ParallelTables.SegmentOf(8192, n => (groupPerRow ? (s * 8192) + n : n % 1000, n, n * 0.25, "x")))]);
            AggregateSpec[] specs = [new(AggregateFunction.Sum, R, false), new(AggregateFunction.CountStar, null, false)];
            HashAggregateOperator Plan(QueryMemory? memory, bool specialised = true) =>
                new(new ScanOperator(table, [0, 1, 2, 3]), [K], specs, "agg", specialised, memory, parallelism: specialised ? degree : 1);

            var error = Assert.Throws<YodaException>(() => ParallelTables.Rows(Plan(new QueryMemory(100_000))));
            Assert.Contains("the query needs more than 100,000 bytes of memory", error.Message);

            var memory = new QueryMemory(null);
            Assert.Equal(ParallelTables.Rows(Plan(null, specialised: false)), ParallelTables.Rows(Plan(memory)));
            Assert.Equal(0, memory.UsedBytes);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void The_group_shares_fold_into_the_statements_pooled_arrays_and_give_them_back(int degree)
    {
        // A group per row (keys in no order: ascending ones take another path), REAL sums: the shares' sums grow past the pool's smallest size class (8,192 doubles) on
        // pool threads. They rent from the statement's pool (the consumer waits for every share before the statement
        // ends), filled with garbage here by an earlier query of the same pool, and come back when it ends.
        var pool = new BufferPool(256L << 20);
        foreach (var length in new[] { 1 << 13, 1 << 14, 1 << 15 })
        {
            var garbage = pool.Rent<double>(length, clear: false);
            garbage.AsSpan().Fill(double.NaN);
            pool.Return(garbage);
        }

        var garbageBytes = pool.RetainedBytesOf<double>();
        var table = new TableSnapshot("t", ParallelTables.Schema, [.. Enumerable.Range(0, 8).Select(s => ParallelTables.SegmentOf(8192, n => (((s * 8192) + n) * 7919 % 65536, n, n * 0.25, "x")))]);
        AggregateSpec[] specs = [new(AggregateFunction.Sum, R, false), new(AggregateFunction.CountStar, null, false)];
        HashAggregateOperator Plan(QueryMemory? memory, bool specialised = true) =>
            new(new ScanOperator(table, [0, 1, 2, 3]), [K], specs, "agg", specialised, memory, parallelism: specialised ? degree : 1);

        var memory = new QueryMemory(null, new QueryBuffers(pool));
        Assert.Equal(ParallelTables.Rows(Plan(null, specialised: false)), ParallelTables.Rows(Plan(memory)));
        Assert.Equal(0, memory.UsedBytes);
        Assert.True(pool.RetainedBytesOf<double>() > garbageBytes, $"{pool.RetainedBytesOf<double>() - garbageBytes} bytes of doubles came back");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void The_worker_tables_rent_from_the_statements_pool_and_give_their_arrays_back(int degree)
    {
        // 4,096 integer groups that recur in every morsel: the workers group them in tables that last across their
        // morsels, each with a window of 65,536 slots (the pool's size class of 256 KB), rented from a lease on the
        // statement's pool whose arrays, filled with garbage by an earlier query, come back when the fold ends; the
        // second query gets them again. The one table's window comes back with the operator's scope (one array of
        // the pool's after each query, had the worker tables allocated theirs): the worker tables add at least one more.
        var pool = new BufferPool(256L << 20);
        var garbage = pool.Rent<int>(1 << 16, clear: false);
        garbage.AsSpan().Fill(-7);
        pool.Return(garbage);
        var table = new TableSnapshot("t", ParallelTables.Schema, [.. Enumerable.Range(0, 8).Select(s => ParallelTables.SegmentOf(8192, n => ((n * 7919) % 4096, n, n * 0.25, "x")))]);
        AggregateSpec[] specs = [new(AggregateFunction.Sum, R, false), new(AggregateFunction.Sum, I, false), new(AggregateFunction.CountStar, null, false)];
        HashAggregateOperator Plan(QueryMemory? memory, bool specialised = true) =>
            new(new ScanOperator(table, [0, 1, 2, 3]), [K], specs, "agg", specialised, memory, parallelism: specialised ? degree : 1);

        var expected = ParallelTables.Rows(Plan(null, specialised: false));
        foreach (var run in new[] { 1, 2 })
        {
            using (var statement = new QueryBuffers(pool))
            {
                var memory = new QueryMemory(null, statement);
                Assert.Equal(expected, ParallelTables.Rows(Plan(memory)));
                Assert.Equal(0, memory.UsedBytes);
            }

            Assert.True(pool.RetainedBytesOf<int>() >= 2 * (256 << 10), $"run {run}: the pool holds {pool.RetainedBytesOf<int>()} bytes of ints");
        }
    }

    [Fact]
    public void A_tables_footprint_includes_the_codes_kept_for_its_text_columns()
    {
        const int rows = 10_000;
        var table = new TableSnapshot("t", ParallelTables.Schema, [ParallelTables.SegmentOf(rows, n => (n, n, n, "v" + (n % 7)))]);
        var texts = (StringArray)table.Segments[0].Batch.Column(3);
        var before = table.ByteSize;

        // Computed the second time a group key reads the array.
        Assert.Null(StoredTextCodes.Of(texts));
        Assert.NotNull(StoredTextCodes.Of(texts));

        // A 16-bit code per row and a 64-bit hash per code (7 distinct texts), and the two arrays' overhead.
        Assert.Equal(before + 48 + (2L * rows) + (8L * 7), table.ByteSize);
    }
}
