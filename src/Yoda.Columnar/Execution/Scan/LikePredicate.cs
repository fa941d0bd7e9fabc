using System.Numerics;
using Apache.Arrow;
using Yoda.Columnar.Kernels;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Scan;

/// <summary><c>column [NOT] LIKE 'pattern'</c> on a String column, the pattern of literal text and '%' only, matched on the stored UTF-8 bytes.</summary>
public sealed class LikePredicate(int column, Utf8LikePattern pattern, bool negated, string description) : ScanPredicate(column, description)
{
    /// <summary>
    /// The pattern matched once per distinct text of a dictionary-coded array, where each text stands
    /// for 16 rows or more: fewer, and the byte kernels' searches cost less (cb-like-count's URLs). A LIKE
    /// uses codes that other reads made but does not have them made (an array it alone reads stays uncoded).
    /// </summary>
    private readonly CodedTextFilter _coded = new(text => pattern.IsMatch(text) != negated, minRowsPerText: 16, countsReads: false);

    /// <summary>Rows per word of a mask, and per search of <see cref="FoldedLiteral.RowsContaining"/>.</summary>
    private const int WordRows = 64;

    /// <summary>Positions of a mask's set bits, per thread (<see cref="NarrowSparse"/>).</summary>
    [ThreadStatic]
    private static int[]? t_rows;

    public override bool MayMatch(ZoneMap zone) => zone.HasValues;

    protected override int FilterValues(IArrowArray array, int start, int[] rows, int count, bool dense)
    {
        if (array is not StringArray strings)
        {
            throw new InvalidOperationException($"no LIKE scan predicate for {array.Data.DataType.Name} columns");
        }

        if (_coded.CodesOf(strings, start) is { } codes)
        {
            return _coded.Filter(strings, codes, start, rows, count, dense);
        }

        var offsets = Offsets(strings, start, rows[count - 1] + 1);
        var values = strings.Values;
        if (pattern.ContainedLiteral is { } literal)
        {
            return 2 * count >= offsets.Length - 1
                ? FilterContainingByBlocks(literal, offsets, values, rows, count)
                : FilterContainingSparse(literal, offsets, values, rows, count);
        }

        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var row = rows[i];
            rows[kept] = row;
            kept += pattern.IsMatch(values[offsets[row]..offsets[row + 1]]) != negated ? 1 : 0;
        }

        return kept;
    }

    /// <summary>
    /// '%literal%' on rows of which at least half are selected: their 64-row blocks searched through
    /// their bytes at once (<see cref="FoldedLiteral.RowsContaining"/>).
    /// </summary>
    private int FilterContainingByBlocks(FoldedLiteral literal, ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values, int[] rows, int count)
    {
        var (kept, r) = (0, 0);
        var rowCount = offsets.Length - 1;
        while (r < count)
        {
            var block = rows[r] & ~(WordRows - 1);
            var blockRows = Math.Min(WordRows, rowCount - block);
            var found = literal.RowsContaining(offsets.Slice(block, blockRows + 1), values);
            for (; r < count && rows[r] < block + blockRows; r++)
            {
                Keep(rows, ref kept, rows[r], matched: (found >> (rows[r] - block) & 1) != 0);
            }
        }

        return kept;
    }

    /// <summary>
    /// '%literal%' on sparser selections: each selected row searched alone
    /// (<see cref="FoldedLiteral.KeepRowsContaining"/>), which skips the rows left out. A search that
    /// went on past a row that does not match, to the next occurrence anywhere, cost a search per
    /// occurrence in the rows between (cb-like-group: 40% of URLs hold 'google', 1 row in 9 selected).
    /// </summary>
    private int FilterContainingSparse(FoldedLiteral literal, ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values, int[] rows, int count) =>
        literal.KeepRowsContaining(offsets, values, rows, count, negated);

    public override bool HasMaskKernel(IArrowArray array) => array is StringArray && (pattern.ContainedLiteral is not null || _coded.IsCoded(array));

    /// <summary>
    /// A coded array through its codes; otherwise '%literal%' on a mask: each word's 64 rows searched at
    /// once where any of them is still set.
    /// </summary>
    protected override void NarrowValues(IArrowArray array, int start, int length, Span<ulong> mask)
    {
        var strings = (StringArray)array;
        if (_coded.CodesOf(strings, start) is { } codes)
        {
            _coded.Narrow(strings, codes, start, length, mask);
            return;
        }

        var literal = pattern.ContainedLiteral!;
        var offsets = Offsets(strings, start, length);
        var values = strings.Values;
        var words = (length + WordRows - 1) / WordRows;
        if (2 * SetCount(mask[..words]) < length)
        {
            // A mask already narrowed to under half its rows (by a coded text comparison before it,
            // SearchPhrase <> ''): each row searched alone, as the chunk filter searches sparse selections.
            NarrowSparse(literal, offsets, values, mask[..words]);
            return;
        }

        for (var w = 0; w < words; w++)
        {
            if (mask[w] == 0)
            {
                continue;
            }

            var block = w * WordRows;
            var blockRows = Math.Min(WordRows, length - block);
            var found = literal.RowsContaining(offsets.Slice(block, blockRows + 1), values);
            mask[w] &= negated ? ~found : found;
        }
    }

    /// <summary>
    /// The sparse search (<see cref="FilterContainingSparse"/>, prefetching included) on a mask, a
    /// chunk's rows at a time through this thread's scratch positions.
    /// </summary>
    private void NarrowSparse(FoldedLiteral literal, ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values, Span<ulong> mask)
    {
        var rows = t_rows ??= new int[Chunk.Capacity];
        const int ChunkWords = Chunk.Capacity / WordRows;
        for (var from = 0; from < mask.Length; from += ChunkWords)
        {
            var words = mask.Slice(from, Math.Min(ChunkWords, mask.Length - from));
            var count = SelectionKernels.SetBits(words, rows);
            if (count == 0)
            {
                continue;
            }

            var first = from * WordRows;
            var kept = FilterContainingSparse(literal, offsets.Slice(first, Math.Min(Chunk.Capacity, offsets.Length - 1 - first) + 1), values, rows, count);
            words.Clear();
            for (var i = 0; i < kept; i++)
            {
                words[rows[i] >> 6] |= 1UL << rows[i];
            }
        }
    }

    private static int SetCount(ReadOnlySpan<ulong> mask)
    {
        var count = 0;
        foreach (var word in mask)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    private void Keep(int[] rows, ref int kept, int row, bool matched)
    {
        rows[kept] = row;
        kept += matched != negated ? 1 : 0;
    }
}
