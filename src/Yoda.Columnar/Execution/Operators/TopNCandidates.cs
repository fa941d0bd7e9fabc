namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// The rows of one chunk that a top-N keeps as candidates: at most the budget's best rows by the sort
/// keys (only the key columns are read to choose them), copied densely in input order, so ties still
/// resolve to the earlier row. Stored text is decoded for the kept rows only: a chunk whose every row
/// matched a filter is not decoded whole to keep ten of them.
/// </summary>
internal static class TopNCandidates
{
    public static Chunk Of(Chunk chunk, IReadOnlyList<SortKey> keys, int budget, CancellationToken ct)
    {
        var rows = budget == 0 ? [] : chunk.RowCount > budget && IsAscending(chunk.Selection) ? Best(chunk, keys, budget, ct) : chunk.Selection;
        var columns = new ColumnVector[chunk.Columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var column = chunk.Columns[c];
            columns[c] = column is { Kind: ValueKind.Text, HasUtf8: true } ? DecodedRows(column, rows) : column.Gather(rows);
        }

        return Chunk.Dense(columns, rows.Length);
    }

    /// <summary>True when selection order is physical order, so that the comparer's tie-break by physical row is input order.</summary>
    private static bool IsAscending(int[] selection)
    {
        for (var k = 1; k < selection.Length; k++)
        {
            if (selection[k] <= selection[k - 1])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The selected rows of the <paramref name="budget"/> best, in selection order.</summary>
    private static int[] Best(Chunk chunk, IReadOnlyList<SortKey> keys, int budget, CancellationToken ct)
    {
        // RowComparer breaks ties by the smaller physical row, which is the earlier selected row.
        var comparer = new RowComparer(chunk.Columns, keys, ct);
        var heap = new PriorityQueue<int, int>(budget, Comparer<int>.Create((a, b) => comparer.Compare(b, a)));
        var first = chunk.Columns[keys[0].Column];
        var firstLongs = first.Kind == ValueKind.Integer ? first.Longs : null;
        foreach (var row in chunk.Selection)
        {
            if (heap.Count < budget)
            {
                heap.Enqueue(row, row);
            }
            else if (firstLongs is not null && LosesOnFirstKey(firstLongs, first.Nulls, keys[0].Descending, row, heap.Peek()))
            {
                // Most rows lose to the last kept one on an INTEGER first key alone (the ten largest
                // counts of 64,000 groups): settled without the comparer's pass over every key.
            }
            else if (comparer.Compare(row, heap.Peek()) < 0)
            {
                heap.EnqueueDequeue(row, row);
            }
        }

        var best = heap.UnorderedItems.Select(e => e.Element).ToArray();
        Array.Sort(best);
        return best;
    }

    /// <summary>True when <paramref name="row"/> sorts after <paramref name="kept"/> by the first key's two non-NULL values (a NULL decides nothing here).</summary>
    private static bool LosesOnFirstKey(long[] values, bool[]? nulls, bool descending, int row, int kept) =>
        (nulls is null || !(nulls[row] || nulls[kept]))
        && (descending ? values[row] < values[kept] : values[row] > values[kept]);

    private static ColumnVector DecodedRows(ColumnVector column, int[] rows)
    {
        var texts = new string[rows.Length];
        var nulls = column.Nulls is null ? null : new bool[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            var isNull = column.IsNull(rows[k]);
            if (nulls is not null)
            {
                nulls[k] = isNull;
            }

            texts[k] = isNull ? string.Empty : column.TextOf(rows[k]);
        }

        return ColumnVector.OfTexts(texts, nulls);
    }
}
