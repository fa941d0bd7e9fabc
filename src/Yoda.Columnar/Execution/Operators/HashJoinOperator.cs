using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// An equi-join on one INTEGER key: the right input is read into memory and indexed by its key
/// (NULL keys never match); each left row is paired with the right rows of equal key, in right-row
/// order, and the pairs are filtered by the rest of the condition. A LEFT join also keeps each left
/// row that matched nothing, with NULLs for the right columns. Output: the left's columns, then the right's.
/// The right input is read on up to <paramref name="parallelism"/> threads when it offers morsels.
/// Given <paramref name="outputColumns"/> (positions among the left's columns then the right's), only
/// those are output, and the residual reads those.
/// </summary>
public sealed class HashJoinOperator(
    PhysicalOperator left, PhysicalOperator right, VectorExpression leftKey, VectorExpression rightKey,
    VectorExpression? residual, bool leftOuter, string description, QueryMemory? memory = null, int parallelism = 1,
    IReadOnlyList<int>? outputColumns = null) : PhysicalOperator
{
    /// <summary>Marks a probe position whose key has not been looked up yet.</summary>
    private const int NotStarted = int.MinValue;

    public override IReadOnlyList<ValueKind> OutputKinds { get; } = JoinOutput.KindsOf(left.OutputKinds, right.OutputKinds, outputColumns);

    public override IReadOnlyList<PhysicalOperator> Children => [left, right];

    public override string Describe() => $"HashJoin {(leftOuter ? "LEFT" : "INNER")}{description}";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        foreach (var chunk in Probe(left.Execute(ct), Build(ct), ct))
        {
            yield return chunk;
        }
    }

    /// <summary>The left side's morsels, each probing the one hash table built from the right side.</summary>
    public override MorselSource? OpenMorsels(CancellationToken ct)
    {
        if (!leftKey.IsParallelSafe || residual is { IsParallelSafe: false } || left.OpenMorsels(ct) is not { } source)
        {
            return null;
        }

        var build = Build(ct);
        return source.Then((chunks, token) => Probe(chunks, build, token));
    }

    private BuildSide Build(CancellationToken ct)
    {
        var build = JoinInput.Read(right, parallelism, memory, ct);
        var inner = build.ToColumns();
        return new BuildSide(inner, JoinIndex.Build(rightKey.Evaluate(Chunk.Dense(inner, build.RowCount)), build.RowCount, memory, ct));
    }

    private IEnumerable<Chunk> Probe(IEnumerable<Chunk> outerChunks, BuildSide build, CancellationToken ct)
    {
        var output = new JoinOutput(new DenseJoinRows(build.Columns), right.OutputKinds, residual, outputColumns);
        foreach (var outer in outerChunks)
        {
            ct.ThrowIfCancellationRequested();
            var keys = leftKey.Evaluate(outer);
            var matched = leftOuter ? new bool[outer.PhysicalLength] : null;
            var (position, row) = (0, NotStarted);
            while (Pair(keys, outer.Selection, build.Index, output, ref position, ref row))
            {
                if (output.Flush(outer, matched) is { } full)
                {
                    yield return full;
                }
            }

            foreach (var chunk in output.Finish(outer, matched))
            {
                yield return chunk;
            }
        }
    }

    /// <summary>
    /// Collects the pairs of the left rows from <paramref name="position"/> on, resuming at build row
    /// <paramref name="row"/>; true when the output filled up and must be flushed before the next call.
    /// </summary>
    private static bool Pair(ColumnVector keys, int[] selection, JoinIndex index, JoinOutput output, ref int position, ref int row)
    {
        var values = keys.LongValues;
        for (; position < selection.Length; position++, row = NotStarted)
        {
            var l = selection[position];
            if (row == NotStarted)
            {
                row = keys.IsNull(l) ? -1 : index.First(values[l]);
            }

            while (row >= 0)
            {
                var r = row;
                row = index.Next(r);
                if (output.Add(l, r))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed record BuildSide(ColumnVector[] Columns, JoinIndex Index);
}
