using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Windows;

/// <summary>
/// Evaluates window functions. Gathers all input rows, then for each window definition sorts the
/// rows by partition and order keys (stable, so peers keep their input order), walks the sorted
/// rows partition by partition and computes every call over that window. Output: the input columns
/// followed by one column per call, rows in the order of the last window's sort (as SQLite returns
/// them without ORDER BY). The gathered rows, keys, sort orders and results count against the
/// query's <see cref="QueryMemory"/>; sorts and evaluation check the token every few thousand rows.
/// </summary>
public sealed class WindowOperator(
    PhysicalOperator input,
    IReadOnlyList<WindowDefinition> windows,
    IReadOnlyList<WindowCall> calls,
    string description,
    QueryMemory? memory = null) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } = [.. input.OutputKinds, .. calls.Select(c => c.ResultKind)];

    public override IReadOnlyList<PhysicalOperator> Children => [input];

    public override string Describe() => description;

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var accumulator = new ChunkAccumulator(input.OutputKinds, memory);
        foreach (var chunk in input.Execute(ct))
        {
            accumulator.Add(chunk);
        }

        var rowCount = accumulator.RowCount;
        if (rowCount == 0)
        {
            yield break;
        }

        var rows = Chunk.Dense(accumulator.ToColumns(), rowCount);
        var results = new ColumnVector[calls.Count];
        var order = Chunk.AllRows(rowCount);
        for (var w = 0; w < windows.Count; w++)
        {
            ct.ThrowIfCancellationRequested();
            order = Evaluate(windows[w], w, rows, results, ct);
        }

        yield return new Chunk([.. rows.Columns, .. results], rowCount, order);
    }

    /// <summary>Computes the calls over one window; returns the rows in that window's order.</summary>
    private int[] Evaluate(WindowDefinition window, int index, Chunk rows, ColumnVector[] results, CancellationToken ct)
    {
        var partitionKeys = Evaluate(window.PartitionBy, rows);
        var orderKeys = Evaluate(window.OrderBy.Select(o => o.Key).ToList(), rows);
        var sortKeys = partitionKeys.Select((_, i) => new SortKey(i, false, true))
            .Concat(window.OrderBy.Select((o, i) => new SortKey(partitionKeys.Length + i, o.Descending, o.NullsFirst)))
            .ToArray();
        var order = Enumerable.Range(0, rows.RowCount).ToArray();
        if (sortKeys.Length > 0)
        {
            Array.Sort(order, new RowComparer([.. partitionKeys, .. orderKeys], sortKeys, ct));
        }

        var evaluators = calls.Select((call, i) => (call, i)).Where(c => c.call.Window == index)
            .Select(c => (c.i, new WindowEvaluator(c.call, Evaluate(c.call.Arguments, rows), window.Frame, rows.RowCount)))
            .ToList();
        memory?.Reserve(rows.RowCount * (4L + (9L * (partitionKeys.Length + orderKeys.Length + evaluators.Count))));
        var partition = new WindowPartition(order, orderKeys, window.OrderBy.Count > 0 && window.OrderBy[0].Descending, window.Frame);
        var start = 0;
        while (start < order.Length)
        {
            var end = start + 1;
            while (end < order.Length && WindowKeys.Equal(partitionKeys, order[start], order[end]))
            {
                end++;
            }

            ct.ThrowIfCancellationRequested();
            partition.Reset(start, end);
            foreach (var (_, evaluator) in evaluators)
            {
                evaluator.Evaluate(partition, ct);
            }

            start = end;
        }

        foreach (var (i, evaluator) in evaluators)
        {
            results[i] = evaluator.Output;
        }

        return order;
    }

    private static ColumnVector[] Evaluate(IReadOnlyList<VectorExpression> expressions, Chunk rows) =>
        expressions.Select(e => e.Evaluate(rows)).ToArray();
}
