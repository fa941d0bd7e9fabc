using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// An inner equi-join on one INTEGER key that builds its hash table on the smaller input. The left
/// input is read first; when it has fewer than half the rows the right input is estimated to have,
/// the left rows are indexed and the right input streams past them, else this is a
/// <see cref="HashJoinOperator"/> over the rows already read. Either way the output is the same
/// rows in the same order: each left row's matches in right-row order, left rows in order. When the
/// right input's scan tests <paramref name="probeKeys"/>, the left keys are handed to it before the
/// right rows stream, so that right rows (and segments) without a partner are never read.
/// Inputs that offer morsels are read on up to <paramref name="parallelism"/> threads, and the output
/// is offered as morsels of fixed boundaries (runs of left rows, or of pairs in left-row order), so
/// the rows and their order do not depend on the thread count. Given <paramref name="outputColumns"/>
/// (positions among the left's columns then the right's), only those are output, and the residual reads those.
/// </summary>
public sealed class SmallerSideHashJoinOperator(
    PhysicalOperator left, PhysicalOperator right, long rightRowEstimate, VectorExpression leftKey, VectorExpression rightKey,
    VectorExpression? residual, string description, QueryMemory? memory = null, JoinKeyFilter? probeKeys = null, int parallelism = 1,
    IReadOnlyList<int>? outputColumns = null) : PhysicalOperator
{
    /// <summary>Left rows (or pairs) per output morsel: about a segment's worth, as a scan's morsels.</summary>
    private const int MorselRows = ColumnarTable.DefaultSegmentCapacity;

    public override IReadOnlyList<ValueKind> OutputKinds { get; } = JoinOutput.KindsOf(left.OutputKinds, right.OutputKinds, outputColumns);

    public override IReadOnlyList<PhysicalOperator> Children => [left, right];

    /// <summary>The right input's columns the output reads (null: all).</summary>
    private int[]? StreamedColumns { get; } = outputColumns?.Where(p => p >= left.OutputKinds.Count).Select(p => p - left.OutputKinds.Count).ToArray();

    private bool ParallelSafe => leftKey.IsParallelSafe && rightKey.IsParallelSafe && residual is not { IsParallelSafe: false };

    public override string Describe() => $"HashJoin INNER{description} (build on the smaller side)";

    /// <summary>The morsels of <see cref="OpenMorsels"/> one after another (the same rows, in the same chunks).</summary>
    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var source = Open(ParallelSafe ? parallelism : 1, ct);
        for (var m = 0; m < source.Count; m++)
        {
            foreach (var chunk in source.Execute(m, ct))
            {
                yield return chunk;
            }
        }
    }

    /// <summary>Reads both inputs and builds the hash table now; the morsels pair (or gather) a run of left rows each.</summary>
    public override MorselSource? OpenMorsels(CancellationToken ct) => ParallelSafe ? Open(parallelism, ct) : null;

    private MorselSource Open(int degree, CancellationToken ct)
    {
        var buffered = JoinInput.Read(left, degree, memory, ct);
        if (buffered.RowCount * 2L >= rightRowEstimate)
        {
            probeKeys?.Clear();
            var probe = new HashJoinOperator(new BufferedOperator(buffered.Parts().ToList(), left.OutputKinds), right, leftKey, rightKey, residual, false, description, memory, degree, outputColumns);
            return probe.OpenMorsels(ct) ?? new MorselSource(1, (_, token) => probe.Execute(token));
        }

        return ProbeWithRight(Chunk.Dense(buffered.ToColumns(), buffered.RowCount), degree, ct);
    }

    /// <summary>Indexes the left rows, streams the right input's morsels past them, and offers the pairs in left-row order.</summary>
    private MorselSource ProbeWithRight(Chunk leftRows, int degree, CancellationToken ct)
    {
        var keys = leftKey.Evaluate(leftRows);
        var index = JoinIndex.Build(keys, leftRows.RowCount, memory, ct);
        probeKeys?.Set(keys.LongValues[..leftRows.RowCount], keys.Nulls, memory);
        var streamed = right.OpenMorsels(ct) ?? new MorselSource(1, (_, token) => right.Execute(token));
        var parts = OrderedMorsels.Run(streamed.Count, degree, (m, token) => Matches(streamed.Execute(m, token), index), ct).ToList();
        var pairs = MatchedPairs.Concat(parts, right.OutputKinds, memory, StreamedColumns);
        var order = ByLeftRow(pairs.Left, pairs.Count, leftRows.RowCount);
        var morsels = (pairs.Count + MorselRows - 1) / MorselRows;
        return new MorselSource(morsels, (m, token) => Gathered(leftRows, pairs, order, m * MorselRows, Math.Min(pairs.Count, (m + 1) * MorselRows), token));
    }

    private MatchedPairs Matches(IEnumerable<Chunk> chunks, JoinIndex index)
    {
        var pairs = new MatchedPairs(right.OutputKinds, memory, StreamedColumns);
        foreach (var chunk in chunks)
        {
            pairs.Add(chunk, rightKey.Evaluate(chunk), index);
        }

        return pairs;
    }

    /// <summary>The output rows of the pairs <paramref name="from"/> to <paramref name="to"/> in left-row order.</summary>
    private IEnumerable<Chunk> Gathered(Chunk leftRows, MatchedPairs pairs, int[] order, int from, int to, CancellationToken ct)
    {
        var output = new JoinOutput(new MatchedPairRows(pairs), right.OutputKinds, residual, outputColumns);
        for (var batch = from; batch < to; batch += Chunk.Capacity)
        {
            ct.ThrowIfCancellationRequested();
            var end = Math.Min(to, batch + Chunk.Capacity);
            for (var k = batch; k < end; k++)
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

    /// <summary>Rows already read, replayed in the chunks they were read in; as morsels, runs of chunks of about <see cref="MorselRows"/> rows.</summary>
    private sealed class BufferedOperator(IReadOnlyList<Chunk> chunks, IReadOnlyList<ValueKind> kinds) : PhysicalOperator
    {
        public override IReadOnlyList<ValueKind> OutputKinds => kinds;

        public override IReadOnlyList<PhysicalOperator> Children => [];

        public override string Describe() => "Buffered";

        public override IEnumerable<Chunk> Execute(CancellationToken ct) => chunks;

        public override MorselSource OpenMorsels(CancellationToken ct)
        {
            var starts = new List<int> { 0 };
            var rows = 0;
            for (var c = 0; c < chunks.Count; c++)
            {
                rows += chunks[c].RowCount;
                if (rows >= MorselRows && c + 1 < chunks.Count)
                {
                    starts.Add(c + 1);
                    rows = 0;
                }
            }

            starts.Add(chunks.Count);
            return new MorselSource(starts.Count - 1, (m, _) => chunks.Skip(starts[m]).Take(starts[m + 1] - starts[m]));
        }
    }
}
