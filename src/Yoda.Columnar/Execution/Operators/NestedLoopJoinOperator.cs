using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Joins every row of the left input with every row of the right input (read once into memory),
/// keeping the pairs whose condition is true; a LEFT join also keeps each left row that matched
/// nothing, with NULLs for the right columns. Output columns: the left's, then the right's. Pairs
/// are formed in batches of <see cref="Chunk.Capacity"/>, left row by left row.
/// </summary>
public sealed class NestedLoopJoinOperator(PhysicalOperator left, PhysicalOperator right, VectorExpression? condition, bool leftOuter, JoinBudget budget, string description) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } = [.. left.OutputKinds, .. right.OutputKinds];

    public override IReadOnlyList<PhysicalOperator> Children => [left, right];

    public override string Describe() => $"NestedLoopJoin {(leftOuter ? "LEFT" : "INNER")}{description}";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var build = new ChunkAccumulator(right.OutputKinds);
        foreach (var chunk in right.Execute(ct))
        {
            build.Add(chunk);
        }

        var inner = build.ToColumns();
        var innerCount = build.RowCount;
        var leftRows = new int[Chunk.Capacity];
        var rightRows = new int[Chunk.Capacity];
        foreach (var outer in left.Execute(ct))
        {
            budget.Spend((long)outer.RowCount * innerCount);
            var matched = leftOuter ? new bool[outer.PhysicalLength] : null;
            var count = 0;
            foreach (var l in outer.Selection)
            {
                for (var r = 0; r < innerCount; r++)
                {
                    leftRows[count] = l;
                    rightRows[count] = r;
                    if (++count == Chunk.Capacity)
                    {
                        ct.ThrowIfCancellationRequested();
                        if (Pairs(outer, inner, leftRows, rightRows, count, matched) is { } full)
                        {
                            yield return full;
                        }

                        count = 0;
                    }
                }
            }

            if (count > 0 && Pairs(outer, inner, leftRows, rightRows, count, matched) is { } rest)
            {
                yield return rest;
            }

            if (matched is not null && Unmatched(outer, matched) is { } alone)
            {
                yield return alone;
            }
        }
    }

    /// <summary>The pairs (leftRows[k], rightRows[k]) for k &lt; count whose condition holds; marks their left rows matched.</summary>
    private Chunk? Pairs(Chunk outer, ColumnVector[] inner, int[] leftRows, int[] rightRows, int count, bool[]? matched)
    {
        var columns = new ColumnVector[outer.Columns.Length + inner.Length];
        for (var c = 0; c < outer.Columns.Length; c++)
        {
            columns[c] = outer.Columns[c].Gather(leftRows.AsSpan(0, count));
        }

        for (var c = 0; c < inner.Length; c++)
        {
            columns[outer.Columns.Length + c] = inner[c].Gather(rightRows.AsSpan(0, count));
        }

        var chunk = Chunk.Dense(columns, count);
        if (condition is null)
        {
            MarkAll(matched, leftRows, count);
            return chunk;
        }

        var truth = Truth.Evaluate(chunk, condition.Evaluate(chunk));
        var kept = new int[count];
        var n = 0;
        for (var k = 0; k < count; k++)
        {
            if (truth[k] == 1)
            {
                kept[n++] = k;
                if (matched is not null)
                {
                    matched[leftRows[k]] = true;
                }
            }
        }

        return n == 0 ? null : chunk.WithSelection(n == count ? kept : kept[..n]);
    }

    private static void MarkAll(bool[]? matched, int[] leftRows, int count)
    {
        for (var k = 0; matched is not null && k < count; k++)
        {
            matched[leftRows[k]] = true;
        }
    }

    /// <summary>The left rows that matched nothing, with NULL right columns.</summary>
    private Chunk? Unmatched(Chunk outer, bool[] matched)
    {
        var rows = outer.Selection.Where(l => !matched[l]).ToArray();
        if (rows.Length == 0)
        {
            return null;
        }

        var columns = outer.Columns.Select(c => c.Gather(rows))
            .Concat(right.OutputKinds.Select(kind => ColumnVector.Constant(kind, null, rows.Length)))
            .ToArray();
        return Chunk.Dense(columns, rows.Length);
    }
}
