namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The running state of one aggregate for every group, held in flat arrays indexed by group id
/// and updated by a tight loop over the chunk's rows.
/// </summary>
public abstract class AggregateState
{
    /// <summary>
    /// Folds the selected rows into their groups: row <c>rows[k]</c> belongs to group <c>groups[k]</c>.
    /// <paramref name="key"/> is the min/max argument for <see cref="ValueAtExtremeState"/>, else null.
    /// </summary>
    public abstract void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount);

    public abstract ColumnVector Result(int groupCount);

    protected static void Grow<T>(ref T[] array, int groupCount)
    {
        if (array.Length < groupCount)
        {
            Array.Resize(ref array, Math.Max(groupCount, array.Length * 2));
        }
    }
}
