using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution;

/// <summary>
/// Compares two rows of dense columns by a list of sort keys (SQLite's value order, BINARY text).
/// Every few thousand comparisons it checks <paramref name="ct"/>, so that a long sort can be cancelled.
/// </summary>
public sealed class RowComparer(ColumnVector[] columns, IReadOnlyList<SortKey> keys, CancellationToken ct = default) : IComparer<int>
{
    // An array, not the list: a foreach over an IReadOnlyList allocates an enumerator per comparison.
    private readonly SortKey[] _keys = [.. keys];
    private int _comparisons;

    public int Compare(int x, int y)
    {
        if ((++_comparisons & 4095) == 0)
        {
            ct.ThrowIfCancellationRequested();
        }

        foreach (var key in _keys)
        {
            var column = columns[key.Column];
            var (xNull, yNull) = (column.IsNull(x), column.IsNull(y));
            int order;
            if (xNull || yNull)
            {
                if (xNull && yNull)
                {
                    continue;
                }

                // NULL placement is independent of the direction.
                return xNull == key.NullsFirst ? -1 : 1;
            }

            order = column.Kind switch
            {
                ValueKind.Integer => column.Longs[x].CompareTo(column.Longs[y]),
                ValueKind.Real => column.Doubles[x].CompareTo(column.Doubles[y]),
                ValueKind.Text => TextKernels.CompareBinary(column.Texts[x], column.Texts[y]),
                ValueKind.Dynamic => column.Dynamic.Compare(x, column.Dynamic, y),
                _ => TextKernels.CompareBlobs(column.Blobs[x], column.Blobs[y]),
            };
            if (order != 0)
            {
                return key.Descending ? -order : order;
            }
        }

        return x.CompareTo(y);
    }
}
