using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Builds join output chunks from candidate pairs (a left row of the current left chunk, a row of the
/// right side's <see cref="IJoinRows"/>), collected in batches of <see cref="Chunk.Capacity"/>: left columns
/// then right columns, filtered by the condition; remembers which left rows matched, for the
/// NULL-extended rows of a LEFT join. Given <paramref name="columns"/> (positions among the left
/// columns then the right ones, in order), only those are gathered and output, and the condition reads
/// those: a column no later step of the plan reads is never gathered (tpch-q05's join keys).
/// </summary>
internal sealed class JoinOutput(IJoinRows inner, IReadOnlyList<ValueKind> innerKinds, VectorExpression? condition, IReadOnlyList<int>? columns = null)
{
    private readonly int[] _leftRows = new int[Chunk.Capacity];
    private readonly int[] _rightRows = new int[Chunk.Capacity];
    private int _count;
    private IReadOnlyList<int>? _positions;

    /// <summary>Collects a candidate pair; true when the batch is full and must be <see cref="Flush"/>ed.</summary>
    public bool Add(int leftRow, int rightRow)
    {
        _leftRows[_count] = leftRow;
        _rightRows[_count] = rightRow;
        return ++_count == Chunk.Capacity;
    }

    /// <summary>The collected pairs that pass the condition (null when none does); the batch starts empty again.</summary>
    public Chunk? Flush(Chunk outer, bool[]? matched)
    {
        var count = _count;
        _count = 0;
        return count == 0 ? null : Pairs(outer, _leftRows, _rightRows, count, matched);
    }

    /// <summary>After the last pair of a left chunk: the pairs still collected, then a LEFT join's unmatched rows.</summary>
    public IEnumerable<Chunk> Finish(Chunk outer, bool[]? matched)
    {
        if (Flush(outer, matched) is { } rest)
        {
            yield return rest;
        }

        if (matched is not null && Unmatched(outer, matched) is { } alone)
        {
            yield return alone;
        }
    }

    /// <summary>The positions output, among the left columns then the right ones: the given ones, else all.</summary>
    public static IReadOnlyList<int> Positions(IReadOnlyList<int>? columns, int leftCount, int rightCount) =>
        columns ?? Enumerable.Range(0, leftCount + rightCount).ToArray();

    /// <summary>The kinds of the output columns of a join of inputs of these kinds.</summary>
    public static IReadOnlyList<ValueKind> KindsOf(IReadOnlyList<ValueKind> left, IReadOnlyList<ValueKind> right, IReadOnlyList<int>? columns) =>
        Positions(columns, left.Count, right.Count).Select(p => p < left.Count ? left[p] : right[p - left.Count]).ToArray();

    private Chunk? Pairs(Chunk outer, int[] leftRows, int[] rightRows, int count, bool[]? matched)
    {
        var positions = _positions ??= Positions(columns, outer.Columns.Length, innerKinds.Count);
        var output = new ColumnVector[positions.Count];
        inner.Prepare(rightRows.AsSpan(0, count));
        for (var c = 0; c < output.Length; c++)
        {
            var p = positions[c] - outer.Columns.Length;
            output[c] = p < 0 ? outer.Columns[positions[c]].Gather(leftRows.AsSpan(0, count)) : inner.Gather(p, rightRows.AsSpan(0, count));
        }

        var chunk = Chunk.Dense(output, count);
        if (condition is null)
        {
            MarkMatched(chunk.Selection, leftRows, matched);
            return chunk;
        }

        var truth = Truth.OfOperand(condition, chunk);
        var kept = Truth.RowsWhere(chunk.Selection, truth, 1, equal: true);
        Truth.Return(truth);
        MarkMatched(kept, leftRows, matched);
        return kept.Length == 0 ? null : chunk.WithSelection(kept);
    }

    /// <summary>For a LEFT join: the left rows of the output pairs kept.</summary>
    private static void MarkMatched(int[] kept, int[] leftRows, bool[]? matched)
    {
        if (matched is null)
        {
            return;
        }

        foreach (var k in kept)
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

        var output = (_positions ??= Positions(columns, outer.Columns.Length, innerKinds.Count))
            .Select(p => p < outer.Columns.Length ? outer.Columns[p].Gather(rows) : ColumnVector.Constant(innerKinds[p - outer.Columns.Length], null, rows.Length))
            .ToArray();
        return Chunk.Dense(output, rows.Length);
    }
}
