using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// An equi-join on one INTEGER key: the right input is read into memory and indexed by its key
/// (NULL keys never match); each left row is paired with the right rows of equal key, in right-row
/// order, and the pairs are filtered by the rest of the condition. A LEFT join also keeps each left
/// row that matched nothing, with NULLs for the right columns. Output: the left's columns, then the right's.
/// </summary>
public sealed class HashJoinOperator(
    PhysicalOperator left, PhysicalOperator right, VectorExpression leftKey, VectorExpression rightKey,
    VectorExpression? residual, bool leftOuter, string description, QueryMemory? memory = null) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } = [.. left.OutputKinds, .. right.OutputKinds];

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
        var build = new ChunkAccumulator(right.OutputKinds, memory);
        foreach (var chunk in right.Execute(ct))
        {
            build.Add(chunk);
        }

        var inner = build.ToColumns();
        return new BuildSide(inner, JoinIndex.Build(rightKey.Evaluate(Chunk.Dense(inner, build.RowCount)), build.RowCount, memory, ct));
    }

    private IEnumerable<Chunk> Probe(IEnumerable<Chunk> outerChunks, BuildSide build, CancellationToken ct)
    {
        var index = build.Index;
        var output = new JoinOutput(build.Columns, right.OutputKinds, residual);
        foreach (var outer in outerChunks)
        {
            ct.ThrowIfCancellationRequested();
            var keys = leftKey.Evaluate(outer);
            var matched = leftOuter ? new bool[outer.PhysicalLength] : null;
            foreach (var l in outer.Selection)
            {
                if (keys.IsNull(l))
                {
                    continue;
                }

                for (var r = index.First(keys.Longs[l]); r >= 0; r = index.Next(r))
                {
                    if (output.Add(l, r) && output.Flush(outer, matched) is { } full)
                    {
                        yield return full;
                    }
                }
            }

            foreach (var chunk in output.Finish(outer, matched))
            {
                yield return chunk;
            }
        }
    }

    private sealed record BuildSide(ColumnVector[] Columns, JoinIndex Index);
}
