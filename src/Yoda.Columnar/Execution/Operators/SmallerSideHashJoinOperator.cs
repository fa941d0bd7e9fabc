using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Scan;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// An inner equi-join on one INTEGER key that builds its hash table on the smaller input. The left
/// input is read first; when it has fewer than half the rows the right input is estimated to have,
/// the left rows are indexed and the right input streams past them, else this is a
/// <see cref="HashJoinOperator"/> over the rows already read. Either way the output is the same
/// rows in the same order: each left row's matches in right-row order, left rows in order. When the
/// right input's scan tests <paramref name="probeKeys"/>, the left keys are handed to it before the
/// right rows stream, so that right rows (and segments) without a partner are never read.
/// </summary>
public sealed class SmallerSideHashJoinOperator(
    PhysicalOperator left, PhysicalOperator right, long rightRowEstimate, VectorExpression leftKey, VectorExpression rightKey,
    VectorExpression? residual, string description, QueryMemory? memory = null, JoinKeyFilter? probeKeys = null) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } = [.. left.OutputKinds, .. right.OutputKinds];

    public override IReadOnlyList<PhysicalOperator> Children => [left, right];

    public override string Describe() => $"HashJoin INNER{description} (build on the smaller side)";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var buffered = new ChunkAccumulator(left.OutputKinds, memory);
        foreach (var chunk in left.Execute(ct))
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
