using System.Diagnostics;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Operators;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="QueryMemory"/>: one limit for a statement and the run scopes of its subqueries, and the
/// parallel join build's rows counted while they wait in the look-ahead window.
/// </summary>
public sealed class QueryMemoryTests
{
    private const string LimitMessage = "the query needs more than 1,000 bytes of memory (HtapConfig.QueryMemoryLimitBytes)";

    [Fact]
    public void Run_scopes_count_against_the_statement_limit_and_give_back_only_their_own_share()
    {
        var statement = new QueryMemory(1_000);
        var (first, second) = (statement.RunScope(), statement.RunScope());
        var nested = first.RunScope();
        first.Reserve(400);
        second.Reserve(300);
        nested.Reserve(200);
        Assert.Equal((900L, 400L, 300L, 200L), (statement.UsedBytes, first.UsedBytes, second.UsedBytes, nested.UsedBytes));
        Assert.Same(statement, nested.Statement);

        // Each scope alone is far below the limit; together they pass it.
        var error = Assert.Throws<YodaException>(() => second.Reserve(200));
        Assert.Contains(LimitMessage, error.Message);
        second.Release(200);

        first.ReleaseAll();
        Assert.Equal((500L, 0L, 200L), (statement.UsedBytes, first.UsedBytes, nested.UsedBytes));
        nested.ReleaseAll();
        second.ReleaseAll();
        Assert.Equal(0, statement.UsedBytes);

        // The statement's own memory has no share to give back.
        statement.Reserve(100);
        statement.ReleaseAll();
        Assert.Equal(100, statement.UsedBytes);
    }

    [Fact]
    public void Scopes_of_uncounted_memory_count_nothing()
    {
        using var buffers = new Columnar.Execution.Buffers.QueryBuffers(Columnar.Execution.Buffers.BufferPool.Shared);
        var scope = QueryMemory.Uncounted(buffers).RunScope();
        scope.Reserve(long.MaxValue / 2);
        Assert.False(scope.Counts);
        Assert.Equal(0, scope.UsedBytes);
        Assert.Same(buffers, scope.Buffers);
    }

    /// <summary>
    /// Morsel 0 of a join's build side waits until the other three are gathered (by the worker or the
    /// consumer, whichever did not take morsel 0): their rows must count by then, before the consumer
    /// takes them. On the base build they counted only once taken, so morsel 0 saw none.
    /// </summary>
    [Fact]
    public void A_parallel_join_build_counts_the_morsels_waiting_in_its_look_ahead_window()
    {
        const int rows = 1_000;
        const long perMorsel = rows * 9L;
        var memory = new QueryMemory(null);
        var seen = -1L;
        var input = new WaitingMorsels(4, rows, first: () =>
        {
            var clock = Stopwatch.StartNew();
            while (memory.UsedBytes < 3 * perMorsel && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(5);
            }

            seen = memory.UsedBytes;
        });

        var built = JoinInput.Read(input, degree: 2, memory, default);
        Assert.Equal(3 * perMorsel, seen);
        Assert.Equal(4 * rows, built.RowCount);
        Assert.Equal(4 * perMorsel, built.Bytes);
        Assert.Equal(4 * perMorsel, memory.UsedBytes);
    }

    /// <summary>An input of <paramref name="count"/> morsels of one INTEGER chunk each; morsel 0 first runs <paramref name="first"/>.</summary>
    private sealed class WaitingMorsels(int count, int rows, Action first) : PhysicalOperator
    {
        public override IReadOnlyList<ValueKind> OutputKinds => [ValueKind.Integer];

        public override IReadOnlyList<PhysicalOperator> Children => [];

        public override string Describe() => "WaitingMorsels";

        public override IEnumerable<Chunk> Execute(CancellationToken ct) => throw new InvalidOperationException("read through its morsels");

        public override MorselSource OpenMorsels(CancellationToken ct) => new(count, (m, _) => Morsel(m));

        private IEnumerable<Chunk> Morsel(int m)
        {
            if (m == 0)
            {
                first();
            }

            yield return Chunk.Dense([ColumnVector.Create(ValueKind.Integer, rows, withNulls: false)], rows);
        }
    }
}
