using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// An inner equi-join on one INTEGER key that builds its hash table on the smaller input. The left
/// input is read first; when it has fewer than half the rows the right input is estimated to have,
/// the left rows are indexed and the right input streams past them, else this is a
/// <see cref="HashJoinOperator"/> over the rows already read. Either way the output is the same
/// rows in the same order: each left row's matches in right-row order, left rows in order.
/// </summary>
public sealed class SmallerSideHashJoinOperator(
    PhysicalOperator left, PhysicalOperator right, long rightRowEstimate, VectorExpression leftKey, VectorExpression rightKey,
    VectorExpression? residual, string description, QueryMemory? memory = null, int parallelism = 1) : PhysicalOperator
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
            var probe = new HashJoinOperator(new BufferedOperator(leftRows, left.OutputKinds), right, leftKey, rightKey, residual, false, description, memory);
            return probe.Execute(ct);
        }

        return ProbeWithRight(leftRows, ct);
    }

    private IEnumerable<Chunk> ProbeWithRight(Chunk leftRows, CancellationToken ct)
    {
        var index = JoinIndex.Build(leftKey.Evaluate(leftRows), leftRows.RowCount, memory, ct);
        var matches = RightMatches(index, ct);
        var order = ByLeftRow(matches.PairLeft, matches.PairCount, leftRows.RowCount);
        var output = new JoinOutput(matches.Kept.ToColumns(), right.OutputKinds, residual);
        for (var from = 0; from < matches.PairCount; from += Chunk.Capacity)
        {
            ct.ThrowIfCancellationRequested();
            var to = Math.Min(matches.PairCount, from + Chunk.Capacity);
            for (var k = from; k < to; k++)
            {
                output.Add(matches.PairLeft[order[k]], matches.PairRight[order[k]]);
            }

            if (output.Flush(leftRows, null) is { } chunk)
            {
                yield return chunk;
            }
        }
    }

    /// <summary>
    /// The right rows with a match and their pairs. The right input's morsels are probed in parallel
    /// when it has them, and their matches are appended in morsel order: the same pairs in the same
    /// order as one serial pass, so the output does not depend on the thread count.
    /// </summary>
    private ProbeMatches RightMatches(JoinIndex index, CancellationToken ct)
    {
        if (parallelism > 1 && rightKey.IsParallelSafe && right.OpenMorsels(ct) is { Count: > 1 } source)
        {
            var all = new ProbeMatches(right.OutputKinds, memory);
            foreach (var part in OrderedMorsels.Run(source.Count, parallelism, (m, token) => Probe(index, source.Execute(m, token)), ct))
            {
                all.Append(part);
            }

            return all;
        }

        return Probe(index, right.Execute(ct));
    }

    private ProbeMatches Probe(JoinIndex index, IEnumerable<Chunk> rightChunks)
    {
        var matches = new ProbeMatches(right.OutputKinds, memory);
        var matchedRows = new List<int>();
        foreach (var chunk in rightChunks)
        {
            var keys = rightKey.Evaluate(chunk);
            matchedRows.Clear();
            foreach (var r in chunk.Selection)
            {
                var l = keys.IsNull(r) ? -1 : index.First(keys.Longs[r]);
                if (l < 0)
                {
                    continue;
                }

                var keptRow = matches.Kept.RowCount + matchedRows.Count;
                matchedRows.Add(r);
                for (; l >= 0; l = index.Next(l))
                {
                    matches.Add(l, keptRow);
                }
            }

            if (matchedRows.Count > 0)
            {
                matches.Kept.Add(chunk.WithSelection([.. matchedRows]));
            }
        }

        return matches;
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

    /// <summary>Right rows with a match (<see cref="Kept"/>) and the (left row, kept row) pairs they make.</summary>
    private sealed class ProbeMatches(IReadOnlyList<ValueKind> kinds, QueryMemory? memory)
    {
        public ChunkAccumulator Kept { get; } = new(kinds, memory);

        public int[] PairLeft { get; private set; } = new int[Chunk.Capacity];

        public int[] PairRight { get; private set; } = new int[Chunk.Capacity];

        public int PairCount { get; private set; }

        public void Add(int leftRow, int keptRow)
        {
            if (PairCount == PairLeft.Length)
            {
                Grow(PairCount * 2);
            }

            PairLeft[PairCount] = leftRow;
            PairRight[PairCount++] = keptRow;
        }

        /// <summary>Appends <paramref name="other"/>'s kept rows and pairs after these.</summary>
        public void Append(ProbeMatches other)
        {
            if (PairCount + other.PairCount > PairLeft.Length)
            {
                Grow(Math.Max(PairLeft.Length * 2, PairCount + other.PairCount));
            }

            other.PairLeft.AsSpan(0, other.PairCount).CopyTo(PairLeft.AsSpan(PairCount));
            var offset = Kept.RowCount;
            for (var k = 0; k < other.PairCount; k++)
            {
                PairRight[PairCount + k] = other.PairRight[k] + offset;
            }

            PairCount += other.PairCount;
            Kept.Append(other.Kept);
        }

        private void Grow(int capacity)
        {
            memory?.Reserve((capacity - PairLeft.Length) * 8L);
            var (left, right) = (PairLeft, PairRight);
            Array.Resize(ref left, capacity);
            Array.Resize(ref right, capacity);
            (PairLeft, PairRight) = (left, right);
        }
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
