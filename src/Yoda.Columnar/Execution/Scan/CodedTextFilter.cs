using System.Collections.Concurrent;
using Apache.Arrow;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// A text predicate tested through a stored array's dictionary codes (<see cref="StoredTextCodes"/>):
/// each distinct text of the array is tested once, into a table of the codes that pass, and each row
/// by its code's entry, without reading its bytes (a date column holds about 2,500 texts per 65,536-row
/// segment). The tables are kept per array's codes for as long as this filter (its predicate, a query's)
/// lives. One code that passes, or one that fails, is an equality test of the codes with SIMD compares.
/// Arrays without codes (read once, or too many distinct texts) keep the byte kernels.
/// </summary>
internal sealed class CodedTextFilter(CodedTextFilter.TextTest? passes, int minRowsPerText = 1, bool countsReads = true, CodedTextFilter.Bound? bound = null)
{
    /// <summary>Whether a (non-NULL) text passes the predicate, as the byte kernels decide it.</summary>
    public delegate bool TextTest(ReadOnlySpan<byte> text);

    /// <summary>A comparison with a constant, decided for all codes at once by where the constant falls among the texts in byte order (<see cref="CodeOrder"/>).</summary>
    public sealed record Bound(ComparisonOperator Op, byte[] Constant);

    // Made with the first table: a predicate that meets no coded array (a query's, made per query) allocates none.
    // Keyed by the codes' identity. Read without a lock: each chunk of a coded column looks its table up, and a
    // ConditionalWeakTable's add takes the one lock of the whole table, which a profile of tpch-q14 saw its threads spin on.
    private ConcurrentDictionary<StoredTextCodes, Accepted>? _tables;

    /// <summary>
    /// The codes of a string array for a filter reading it from row <paramref name="start"/>: a read
    /// from row 0 counts as a read of the segment (see <see cref="StoredTextCodes.ForPredicate"/>) when
    /// this filter <c>countsReads</c>. Null when the array has fewer than <c>minRowsPerText</c> rows per distinct text: a test costly
    /// per text (a LIKE's search) pays off through the codes only when each text stands for several
    /// rows (a byte kernel that searches 64 rows' bytes at once was 1.6-3x faster on URLs of ~4 rows a text).
    /// </summary>
    public StoredTextCodes? CodesOf(IArrowArray array, int start) =>
        array is StringArray strings && StoredTextCodes.ForPredicate(strings, countRead: countsReads && start == 0) is { } codes
        && (long)codes.Count * minRowsPerText <= strings.Length
            ? codes
            : null;

    /// <summary>Whether the array is read through its codes (<see cref="CodesOf"/>), without counting a read.</summary>
    public bool IsCoded(IArrowArray array) => CodesOf(array, start: -1) is not null;

    /// <summary>Keeps those of the rows (relative to <paramref name="start"/>) whose text passes (NULL rows may pass: the caller drops them).</summary>
    public int Filter(StringArray array, StoredTextCodes codes, int start, int[] rows, int count, bool dense)
    {
        var accepted = AcceptedOf(array, codes);
        if (accepted.Count == 0)
        {
            return 0;
        }

        var selected = dense ? Chunk.FirstRows(count) : rows.AsSpan(0, count);
        if (accepted.Count == codes.Count)
        {
            if (dense)
            {
                selected.CopyTo(rows);
            }

            return count;
        }

        var span = codes.Codes.AsSpan(start);
        return accepted.Single switch
        {
            Single.Passes => dense
                ? SelectionKernels.SelectAll<ushort, EqualTest>(span[..count], accepted.Code, rows)
                : SelectionKernels.SelectRows<ushort, EqualTest>(span, accepted.Code, selected, rows),
            Single.Fails => dense
                ? SelectionKernels.SelectAll<ushort, NotEqualTest>(span[..count], accepted.Code, rows)
                : SelectionKernels.SelectRows<ushort, NotEqualTest>(span, accepted.Code, selected, rows),
            _ => SelectionKernels.SelectCodedRows(span, accepted.Table, selected, rows),
        };
    }

    /// <summary>Clears the mask bits of the rows <paramref name="start"/> .. + <paramref name="length"/> - 1 whose text fails (NULL rows may stay).</summary>
    public void Narrow(StringArray array, StoredTextCodes codes, int start, int length, Span<ulong> mask)
    {
        var accepted = AcceptedOf(array, codes);
        var span = codes.Codes.AsSpan(start, length);
        var words = mask[..((length + 63) >> 6)];
        if (accepted.Count == 0)
        {
            words.Clear();
            return;
        }

        if (accepted.Count == codes.Count)
        {
            return;
        }

        switch (accepted.Single)
        {
            case Single.Passes:
                SelectionKernels.NarrowMask<ushort, EqualTest>(span, accepted.Code, words);
                break;
            case Single.Fails:
                SelectionKernels.NarrowMask<ushort, NotEqualTest>(span, accepted.Code, words);
                break;
            default:
                SelectionKernels.NarrowMaskCoded(span, accepted.Table, words);
                break;
        }
    }

    private Accepted AcceptedOf(StringArray array, StoredTextCodes codes)
    {
        var tables = Volatile.Read(ref _tables) ?? Interlocked.CompareExchange(ref _tables, new(), null) ?? _tables;
        if (tables.TryGetValue(codes, out var known))
        {
            return known;
        }

        // Two threads may both make it; either is the same.
        var made = Make(array, codes);
        tables.TryAdd(codes, made);
        return made;
    }

    /// <summary>The codes that pass: a comparison by the texts' order, any other test text by text (a code of NULL rows alone never passes).</summary>
    private Accepted Make(StringArray array, StoredTextCodes codes)
    {
        var table = new byte[codes.Count];
        var count = bound is { } b ? codes.Order(array).Accept(array, b.Op, b.Constant, table) : TestEachText(array, codes, table);

        var single = count == 1 ? Single.Passes : count == table.Length - 1 ? Single.Fails : Single.None;
        var code1 = single == Single.None ? 0 : System.Array.IndexOf(table, (byte)(single == Single.Passes ? 1 : 0));
        return new Accepted(table, count, single, (ushort)code1);
    }

    private int TestEachText(StringArray array, StoredTextCodes codes, byte[] table)
    {
        var firstRows = codes.FirstRows(array);
        var offsets = array.ValueOffsets;
        var values = array.Values;
        var count = 0;
        for (var code = 0; code < table.Length; code++)
        {
            var row = firstRows[code];
            if (row >= 0 && passes!(values[offsets[row]..offsets[row + 1]]))
            {
                table[code] = 1;
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether one code alone passes, or one alone fails (so that the rows compare their codes with it).</summary>
    private enum Single
    {
        None,
        Passes,
        Fails,
    }

    /// <summary>Per code, 1 when its text passes; how many do; and the one code that passes or fails alone.</summary>
    private sealed record Accepted(byte[] Table, int Count, Single Single, ushort Code);
}
