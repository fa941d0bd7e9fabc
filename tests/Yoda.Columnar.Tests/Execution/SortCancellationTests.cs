using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Operators;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// The token reaches the copy of the accumulated rows that a sort makes before ordering them
/// (<see cref="ChunkAccumulator.ToColumns"/>, millions of rows in a large ORDER BY): a query cancelled while
/// it runs stops there, not after copying everything.
/// </summary>
public sealed class SortCancellationTests
{
    [Fact]
    public void Gathering_the_rows_with_a_cancelled_token_throws()
    {
        var accumulator = new ChunkAccumulator([ValueKind.Integer]);
        accumulator.Add(Chunk.Dense([VectorBuilders.Longs(3, 1, 2)], 3));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => accumulator.ToColumns(cancelled.Token));
        Assert.Equal([3L, 1L, 2L], accumulator.ToColumns(CancellationToken.None)[0].Longs);
    }

    [Fact]
    public void A_top_n_cancelled_as_its_first_rows_arrive_stops_at_their_compaction()
    {
        // The first chunk fills the budget, so the sort compacts at once: cancelled there, it must not ask for more.
        using var cancel = new CancellationTokenSource();
        var input = new CancellingInput(cancel);
        var sort = new SortOperator(input, [new SortKey(0, Descending: false, NullsFirst: true)], rowBudget: 1, "top");

        Assert.ThrowsAny<OperationCanceledException>(() => sort.Execute(cancel.Token).ToList());
        Assert.Equal(1, input.ChunksAsked);
    }

    /// <summary>Yields one-row chunks, cancelling the query as it hands out the first; counts the chunks asked for.</summary>
    private sealed class CancellingInput(CancellationTokenSource cancel) : PhysicalOperator
    {
        public int ChunksAsked { get; private set; }

        public override IReadOnlyList<ValueKind> OutputKinds => [ValueKind.Integer];

        public override IReadOnlyList<PhysicalOperator> Children => [];

        public override string Describe() => "Cancelling";

        public override IEnumerable<Chunk> Execute(CancellationToken ct)
        {
            for (var value = 0L; value < 3; value++)
            {
                ChunksAsked++;
                if (value == 0)
                {
                    cancel.Cancel();
                }

                yield return Chunk.Dense([VectorBuilders.Longs(value)], 1);
            }
        }
    }
}
