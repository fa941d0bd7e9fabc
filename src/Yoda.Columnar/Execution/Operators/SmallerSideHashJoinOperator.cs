using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;
using Yoda.Columnar.Execution.Scan;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// An inner equi-join on one INTEGER key that builds its hash table on the smaller input. The left
/// input is read first; when it has fewer than half the rows the right input is estimated to have,
/// the left rows are indexed and the right input streams past them, else this is a
/// <see cref="HashJoinOperator"/> over the rows already read. Either way the output is the same
/// rows in the same order: each left row's matches in right-row order, left rows in order. When the
/// right input's scan tests <paramref name="probeKeys"/>, the left keys are handed to it before the
/// right rows stream, so that right rows (and segments) without a partner are never read. A left
/// input that splits into morsels (a filtered scan, a parallel probe) is read on up to
/// <paramref name="parallelism"/> threads, its rows kept in morsel order as a serial read keeps them.
/// </summary>
public sealed class SmallerSideHashJoinOperator(
    PhysicalOperator left, PhysicalOperator right, long rightRowEstimate, VectorExpression leftKey, VectorExpression rightKey,
    VectorExpression? residual, string description, QueryMemory? memory = null, JoinKeyFilter? probeKeys = null, int parallelism = 1) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } = [.. left.OutputKinds, .. right.OutputKinds];

    public override IReadOnlyList<PhysicalOperator> Children => [left, right];

    public override string Describe() => $"HashJoin INNER{description} (build on the smaller side)";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var buffered = new ChunkAccumulator(left.OutputKinds, memory);
        foreach (var chunk in LeftChunks(ct))
        {
            buffered.Add(chunk);
        }

        var leftColumns = buffered.ToColumns();
        var leftRows = Chunk.Dense(leftColumns, buffered.RowCount);
        if (buffered.RowCount * 2L >= rightRowEstimate)
        {
            probeKeys?.Clear();
            var probe = new HashJoinOperator(new BufferedOperator(leftRows, left.OutputKinds), right, leftKey, rightKey, residual, false, description, memory);
            return probe.Execute(ct);
        }

        return ProbeWithRight(leftRows, ct);
    }

    /// <summary>
    /// The left input's chunks. Morsels run on workers, each copied into one dense chunk there (a
    /// morsel's chunks may share arrays the next one reuses), and are handed back in morsel order.
    /// </summary>
    private IEnumerable<Chunk> LeftChunks(CancellationToken ct)
    {
        if (left.OpenMorsels(ct) is not { } source)
        {
            return left.Execute(ct);
        }

        return OrderedMorsels.Run(source.Count, parallelism, (m, token) => Copied(source.Execute(m, token)), ct).Where(chunk => chunk.RowCount > 0);
    }

    /// <summary>A morsel's rows in one dense chunk, allocated (not pooled or counted: a worker may still be copying when the consumer has left).</summary>
    private Chunk Copied(IEnumerable<Chunk> chunks)
    {
        var rows = new ChunkAccumulator(left.OutputKinds);
        foreach (var chunk in chunks)
        {
            rows.Add(chunk);
        }

        return Chunk.Dense(rows.ToColumns(), rows.RowCount);
    }

    private IEnumerable<Chunk> ProbeWithRight(Chunk leftRows, CancellationToken ct)
    {
        var keys = leftKey.Evaluate(leftRows);
        var index = JoinIndex.Build(keys, leftRows.RowCount, memory, ct);
        probeKeys?.Set(keys.LongValues[..leftRows.RowCount], keys.Nulls, memory);
        var pairs = new MatchedPairs(right.OutputKinds, memory);
        foreach (var chunk in right.Execute(ct))
        {
            pairs.Add(chunk, rightKey.Evaluate(chunk), index);
        }

        var order = ByLeftRow(pairs.Left, pairs.Count, leftRows.RowCount);
        var output = new JoinOutput(pairs, right.OutputKinds, residual);
        for (var from = 0; from < pairs.Count; from += Chunk.Capacity)
        {
            ct.ThrowIfCancellationRequested();
            var to = Math.Min(pairs.Count, from + Chunk.Capacity);
            for (var k = from; k < to; k++)
            {
                output.Add(pairs.Left[order[k]], order[k]);
            }

            if (output.Flush(leftRows, null) is { } chunk)
            {
                yield return chunk;
            }
        }
    }

    /// <summary>The pair indices ordered by left row, keeping the order of pairs of the same left row (a counting sort).</summary>
    private static int[] ByLeftRow(int[] pairLeft, int pairCount, int leftRowCount)
    {
        var starts = new int[leftRowCount + 1];
        for (var k = 0; k < pairCount; k++)
        {
            starts[pairLeft[k] + 1]++;
        }

        for (var l = 0; l < leftRowCount; l++)
        {
            starts[l + 1] += starts[l];
        }

        var order = new int[pairCount];
        for (var k = 0; k < pairCount; k++)
        {
            order[starts[pairLeft[k]]++] = k;
        }

        return order;
    }

    /// <summary>Rows already read, replayed as one chunk.</summary>
    private sealed class BufferedOperator(Chunk rows, IReadOnlyList<ValueKind> kinds) : PhysicalOperator
    {
        public override IReadOnlyList<ValueKind> OutputKinds => kinds;

        public override IReadOnlyList<PhysicalOperator> Children => [];

        public override string Describe() => "Buffered";

        public override IEnumerable<Chunk> Execute(CancellationToken ct) => rows.RowCount == 0 ? [] : [rows];
    }
}
