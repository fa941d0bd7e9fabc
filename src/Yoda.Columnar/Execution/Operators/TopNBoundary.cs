namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// The worst row a full top-N keeps. An incoming row can only enter if it orders strictly before it
/// (one that ties arrives later and loses the tie), so most rows are dropped before they are copied.
/// </summary>
internal sealed class TopNBoundary(ColumnVector[] columns, int row, IReadOnlyList<SortKey> keys)
{
    /// <summary>The chunk narrowed to the rows that order before the boundary; null when none does.</summary>
    public Chunk? Filter(Chunk chunk)
    {
        var selection = chunk.Selection;
        var kept = new int[selection.Length];
        var count = 0;
        foreach (var candidate in selection)
        {
            kept[count] = candidate;
            count += OrdersBefore(chunk.Columns, candidate) ? 1 : 0;
        }

        return count == 0 ? null : count == selection.Length ? chunk : chunk.WithSelection(kept[..count]);
    }

    /// <summary>The row order of <see cref="RowComparer"/> (NULL placement independent of the direction), against the boundary.</summary>
    private bool OrdersBefore(ColumnVector[] candidateColumns, int candidate)
    {
        foreach (var key in keys)
        {
            var (value, bound) = (candidateColumns[key.Column], columns[key.Column]);
            var (valueNull, boundNull) = (value.IsNull(candidate), bound.IsNull(row));
            if (valueNull || boundNull)
            {
                if (valueNull && boundNull)
                {
                    continue;
                }

                return valueNull == key.NullsFirst;
            }

            var order = ColumnVector.Compare(value, candidate, bound, row);
            if (order != 0)
            {
                return key.Descending ? order > 0 : order < 0;
            }
        }

        return false;
    }
}
