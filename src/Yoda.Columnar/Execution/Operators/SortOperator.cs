namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Sorts all input rows by the keys. With a row budget (LIMIT + OFFSET) only the best rows are kept:
/// each chunk contributes at most its budget best rows (<see cref="TopNCandidates"/>, which reads only
/// the key columns to choose them), and whenever the buffer grows past a few times the budget it is
/// cut back to the best rows with a bounded max-heap, so ORDER BY .. LIMIT k costs O(n log k) time and
/// O(k + chunk) memory; after that, rows that do not order before the worst kept row
/// (<see cref="TopNBoundary"/>) are dropped as they arrive. Emits one chunk whose selection vector is
/// the sorted order. With a <paramref name="scanBound"/> the boundary's first key also goes down to the scan
/// below, which then tests it before its own predicates (<see cref="Scan.TopNScanBound"/>).
/// </summary>
public sealed class SortOperator(PhysicalOperator input, IReadOnlyList<SortKey> keys, long? rowBudget, string description, QueryMemory? memory = null, Scan.TopNScanBound? scanBound = null)
    : PhysicalOperator
{
    // Compacting a handful of rows often would cost more than the boundary it tightens saves.
    private const int MinimumCompaction = 256;

    public override IReadOnlyList<ValueKind> OutputKinds => input.OutputKinds;

    public override IReadOnlyList<PhysicalOperator> Children => [input];

    public override string Describe() => rowBudget is { } k ? $"TopN {k} {description}" : $"Sort {description}";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var accumulator = new ChunkAccumulator(input.OutputKinds, memory);
        try
        {
            var compactAt = rowBudget is { } b ? Math.Max(4 * b, MinimumCompaction) : long.MaxValue;
            TopNBoundary? boundary = null;
            scanBound?.Reset();
            foreach (var chunk in input.Execute(ct))
            {
                if ((boundary is null ? chunk : boundary.Filter(chunk)) is not { } entering)
                {
                    continue;
                }

                accumulator.Add(rowBudget is { } budget && budget < int.MaxValue ? TopNCandidates.Of(entering, keys, (int)budget, ct) : entering);
                // The first compaction comes as soon as there are enough rows to set a boundary.
                if (accumulator.RowCount > compactAt || (boundary is null && rowBudget > 0 && accumulator.RowCount >= rowBudget))
                {
                    var best = Sorted(accumulator, ct);
                    memory?.Release(accumulator.Bytes);
                    accumulator = new ChunkAccumulator(input.OutputKinds, memory);
                    accumulator.Add(best);
                    boundary = best.RowCount > 0 && best.RowCount == rowBudget ? new TopNBoundary(best.Columns, best.Selection[^1], keys) : null;
                    if (boundary is not null)
                    {
                        scanBound?.Tighten(best.Columns[keys[0].Column], best.Selection[^1]);
                    }
                }
            }

            ct.ThrowIfCancellationRequested();
            var sorted = Sorted(accumulator, ct);
            if (sorted.RowCount > 0)
            {
                yield return sorted;
            }
        }
        finally
        {
            // The consumer is done with the sorted rows when it comes back (one that keeps them copies and counts them).
            memory?.Release(accumulator.Bytes);
        }
    }

    /// <summary>The accumulated rows as one chunk whose selection is the sorted order (only the best rows with a budget).</summary>
    private Chunk Sorted(ChunkAccumulator accumulator, CancellationToken ct)
    {
        var columns = accumulator.ToColumns(ct);
        var comparer = new RowComparer(columns, keys, ct);
        var order = rowBudget is { } budget && budget < accumulator.RowCount
            ? TopN(accumulator.RowCount, (int)budget, comparer)
            : Enumerable.Range(0, accumulator.RowCount).ToArray();
        try
        {
            Array.Sort(order, comparer);
        }
        catch (InvalidOperationException e) when (e.InnerException is OperationCanceledException cancelled)
        {
            // Array.Sort wraps what the comparer throws.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cancelled);
        }

        return new Chunk(columns, accumulator.RowCount, order);
    }

    private static int[] TopN(int rowCount, int k, RowComparer comparer)
    {
        if (k <= 0)
        {
            return [];
        }

        // Max-heap of the k best rows: the root is the worst kept row.
        var heap = new PriorityQueue<int, int>(k, Comparer<int>.Create((a, b) => comparer.Compare(b, a)));
        for (var row = 0; row < rowCount; row++)
        {
            if (heap.Count < k)
            {
                heap.Enqueue(row, row);
            }
            else if (comparer.Compare(row, heap.Peek()) < 0)
            {
                heap.EnqueueDequeue(row, row);
            }
        }

        return heap.UnorderedItems.Select(e => e.Element).ToArray();
    }
}
