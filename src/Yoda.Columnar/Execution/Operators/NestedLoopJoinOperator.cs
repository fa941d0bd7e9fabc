using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Joins every row of the left input with every row of the right input (read once into memory,
/// counted against the query's memory limit), keeping the pairs whose condition is true; a LEFT join
/// also keeps each left row that matched nothing, with NULLs for the right columns. Output columns:
/// the left's, then the right's. Pairs are formed and streamed in batches of <see cref="Chunk.Capacity"/>,
/// left row by left row, however many pairs the join examines; cancellation is checked per batch.
/// </summary>
public sealed class NestedLoopJoinOperator(PhysicalOperator left, PhysicalOperator right, VectorExpression? condition, bool leftOuter, string description, QueryMemory? memory) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } = [.. left.OutputKinds, .. right.OutputKinds];

    public override IReadOnlyList<PhysicalOperator> Children => [left, right];

    public override string Describe() => $"NestedLoopJoin {(leftOuter ? "LEFT" : "INNER")}{description}";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var build = new ChunkAccumulator(right.OutputKinds, memory);
        foreach (var chunk in right.Execute(ct))
        {
            build.Add(chunk);
        }

        var innerCount = build.RowCount;
        var output = new JoinOutput(new DenseJoinRows(build.ToColumns()), right.OutputKinds, condition);
        foreach (var outer in left.Execute(ct))
        {
            var matched = leftOuter ? new bool[outer.PhysicalLength] : null;
            foreach (var l in outer.Selection)
            {
                for (var r = 0; r < innerCount; r++)
                {
                    if (output.Add(l, r))
                    {
                        ct.ThrowIfCancellationRequested();
                        if (output.Flush(outer, matched) is { } full)
                        {
                            yield return full;
                        }
                    }
                }
            }

            foreach (var chunk in output.Finish(outer, matched))
            {
                yield return chunk;
            }
        }
    }
}
