using Yoda.Columnar.Execution.Buffers;

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

    /// <summary>
    /// <see cref="Update"/> of rows that come in runs of one group (each group's rows in their order,
    /// the groups one after another): states whose loops carry a group's running value may fold a run
    /// at a time.
    /// </summary>
    public virtual void UpdateRuns(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount) =>
        Update(argument, key, rows, groups, groupCount);

    public abstract ColumnVector Result(int groupCount);

    /// <summary>
    /// Bytes held beyond the per-group arrays the operator counts for every state (24 a group), for the
    /// query memory limit: the sets of a DISTINCT aggregate, group_concat's texts and the texts and
    /// blobs MIN/MAX and bare-column states keep, which grow with the values rather than the groups.
    /// Read once per chunk, so kept as running totals, not measured.
    /// </summary>
    public virtual long HeldBytes => 0;

    /// <summary>
    /// Bytes the text or blob value at <paramref name="row"/> holds outside its slot (a string's object
    /// and UTF-16 characters, a blob's bytes, as <see cref="QueryMemory.BytesOf"/> counts them); 0 for NULL and numbers.
    /// </summary>
    protected static long PayloadBytes(ColumnVector vector, int row) =>
        vector.IsNull(row) ? 0 : vector.KindAt(row) switch
        {
            ValueKind.Text => 24 + (2L * vector.TextAt(row).Length),
            ValueKind.Blob => 24 + vector.BlobAt(row).Length,
            _ => 0,
        };

    /// <summary>Copies a value into slot <paramref name="row"/> of <paramref name="target"/>; returns by how much the slot's <see cref="PayloadBytes"/> grew.</summary>
    protected static long CopyCounted(ColumnVector target, int row, ColumnVector source, int sourceRow)
    {
        var before = PayloadBytes(target, row);
        target.CopyFrom(row, source, sourceRow);
        return PayloadBytes(target, row) - before;
    }

    /// <summary>
    /// Folds in the partial state of the same aggregate over the input that follows what this state
    /// has seen (the next morsels): the partial's group <c>partialGroups[k]</c> is group <c>groups[k]</c>
    /// here; the partial's other groups are left out (they belong to another partition of the groups).
    /// Only states of <see cref="AggregateSpec.MergesExactly"/> aggregates support it.
    /// </summary>
    public virtual void Merge(AggregateState partial, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups, int groupCount) =>
        throw new NotSupportedException($"{GetType().Name} cannot merge partial states");

    protected static void Grow<T>(ref T[] array, int groupCount)
    {
        if (array.Length < groupCount)
        {
            Array.Resize(ref array, Math.Max(groupCount, array.Length * 2));
        }
    }

    /// <summary>As <see cref="Grow{T}(ref T[], int)"/>, the larger arrays rented from the statement's <paramref name="buffers"/>.</summary>
    protected static void Grow<T>(QueryBuffers buffers, ref T[] array, int groupCount)
        where T : unmanaged
    {
        if (array.Length < groupCount)
        {
            buffers.Resize(ref array, Math.Max(groupCount, array.Length * 2));
        }
    }
}
