using Apache.Arrow;
using Yoda.Columnar.Kernels;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// A filter on one stored column that a scan applies to the Arrow arrays themselves, before any
/// value is copied or decoded: it narrows the rows of each chunk, and skips whole segments whose
/// zone map shows that no row can pass. A row passes only when the SQL condition is true (never NULL).
/// </summary>
public abstract class ScanPredicate(int column, string description)
{
    /// <summary>The column's index in the table's schema.</summary>
    public int Column { get; } = column;

    public string Description { get; } = description;

    /// <summary>False when no row of a segment with this zone map can pass.</summary>
    public abstract bool MayMatch(ZoneMap zone);

    /// <summary>
    /// True when every non-NULL row of a segment with this zone map passes, so that a segment whose
    /// column has no NULL need not be tested (false when unknown).
    /// </summary>
    public virtual bool MatchesAll(ZoneMap zone) => false;

    /// <summary>
    /// Keeps those of the first <paramref name="count"/> <paramref name="rows"/> (positions relative
    /// to <paramref name="start"/>, ascending) that pass; returns the new count. <paramref name="dense"/>
    /// says that the rows are exactly 0 .. count - 1, whatever <paramref name="rows"/> holds.
    /// </summary>
    public int Filter(IArrowArray array, int start, int[] rows, int count, bool dense)
    {
        if (dense && !ReadsDenseRowsItself(array))
        {
            Chunk.FirstRows(count).CopyTo(rows);
        }

        var kept = FilterValues(array, start, rows, count, dense);
        if (array.NullCount == 0 || kept == 0)
        {
            return kept;
        }

        return SelectionKernels.SelectValid(array.Data.Buffers[0].Span, array.Offset + start, rows.AsSpan(0, kept), rows);
    }

    /// <summary>
    /// Clears the bits of <paramref name="mask"/> (bit <c>i % 64</c> of word <c>i / 64</c> for row
    /// <paramref name="start"/> + i) of the rows <paramref name="start"/> .. <paramref name="start"/> +
    /// <paramref name="length"/> - 1 of <paramref name="array"/> that do not pass: a chunk, or a whole
    /// segment for aggregates that read it through a mask instead of selections. Fastest where
    /// <see cref="HasMaskKernel"/>; otherwise the rows still set go through <see cref="Filter"/> a chunk
    /// at a time. <paramref name="rows"/> is scratch space of <see cref="Chunk.Capacity"/> positions.
    /// </summary>
    public void Narrow(IArrowArray array, int start, int length, Span<ulong> mask, int[] rows)
    {
        if (HasMaskKernel(array))
        {
            NarrowValues(array, start, length, mask);
            if (array.NullCount > 0)
            {
                SelectionKernels.NarrowMaskToValid(array.Data.Buffers[0].Span, array.Offset + start, length, mask);
            }

            return;
        }

        for (var from = 0; from < length; from += Chunk.Capacity)
        {
            var chunkLength = Math.Min(Chunk.Capacity, length - from);
            var words = mask.Slice(from >> 6, (chunkLength + 63) >> 6);
            var count = SelectionKernels.SetBits(words, rows);
            if (count == 0)
            {
                continue;
            }

            // Filter drops NULLs itself.
            var kept = Filter(array, start + from, rows, count, dense: count == chunkLength);
            words.Clear();
            for (var i = 0; i < kept; i++)
            {
                words[rows[i] >> 6] |= 1UL << rows[i];
            }
        }
    }

    /// <summary>
    /// <see cref="Narrow"/> over rows 0 .. <paramref name="length"/> - 1 of <paramref name="array"/> that also returns
    /// the wrapping 64-bit sum of the values whose bits stay set, in one pass (<see cref="FilteredSums"/>: a
    /// filtered SUM over the predicate's own column); null, with the mask untouched, where there is no such
    /// kernel: any array but an INTEGER one without NULLs, or a predicate that is not a numeric comparison.
    /// </summary>
    public virtual long? NarrowAndSum(IArrowArray array, int length, Span<ulong> mask) => null;

    /// <summary>True when <see cref="Narrow"/> tests <paramref name="array"/> straight on the mask, with SIMD compares (no positions).</summary>
    public virtual bool HasMaskKernel(IArrowArray array) => false;

    /// <summary>The value test of <see cref="Narrow"/> where <see cref="HasMaskKernel"/> (NULL slots may pass: Narrow drops them afterwards).</summary>
    protected virtual void NarrowValues(IArrowArray array, int start, int length, Span<ulong> mask) =>
        throw new NotSupportedException($"{GetType().Name} has no mask kernel");

    /// <summary>True when <see cref="FilterValues"/> never reads <c>rows</c> for dense input on this array.</summary>
    protected virtual bool ReadsDenseRowsItself(IArrowArray array) => false;

    /// <summary>The value test alone (NULL slots may pass: <see cref="Filter"/> drops them afterwards).</summary>
    protected abstract int FilterValues(IArrowArray array, int start, int[] rows, int count, bool dense);

    /// <summary>The offsets of rows <paramref name="start"/> .. <paramref name="start"/> + <paramref name="length"/> of a string array, relative to its value buffer.</summary>
    protected static ReadOnlySpan<int> Offsets(StringArray array, int start, int length) => array.ValueOffsets.Slice(start, length + 1);
}
