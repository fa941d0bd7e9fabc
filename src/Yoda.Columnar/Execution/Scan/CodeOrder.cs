using System.Buffers.Binary;
using Apache.Arrow;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// The distinct texts of a coded array (<see cref="StoredTextCodes"/>) in UTF-8 byte order, made once
/// per array and kept with its codes: a text comparison then finds where its constant falls among
/// them by a binary search (about 12 byte comparisons for a date column's ~2,500 texts) and accepts
/// each code by its rank, instead of comparing every distinct text with the constant for every query
/// (tpch-q06's two date bounds did 2 × 2,500 comparisons per segment per query, a quarter of its scan).
/// </summary>
internal sealed class CodeOrder
{
    private CodeOrder(int[] ranks, int[] sortedRows)
    {
        Ranks = ranks;
        SortedRows = sortedRows;
    }

    /// <summary>Each code's rank among the texts in byte order; -1 for a code no valid row holds (NULL rows only).</summary>
    public int[] Ranks { get; }

    /// <summary>A row of each text, in byte order of the texts.</summary>
    public int[] SortedRows { get; }

    /// <summary>Bytes held: a rank and a row per code.</summary>
    public long Bytes => 32 + (4L * Ranks.Length) + (4L * SortedRows.Length);

    public static CodeOrder Of(StringArray array, int[] firstRows)
    {
        var keys = new List<SortKey>(firstRows.Length);
        for (var code = 0; code < firstRows.Length; code++)
        {
            if (firstRows[code] >= 0)
            {
                keys.Add(SortKey.Of(Text(array.Values, array.ValueOffsets, firstRows[code]), code));
            }
        }

        keys.Sort(new SortKey.Comparer(array, firstRows));
        var ranks = new int[firstRows.Length];
        ranks.AsSpan().Fill(-1);
        var sortedRows = new int[keys.Count];
        for (var rank = 0; rank < keys.Count; rank++)
        {
            ranks[keys[rank].Code] = rank;
            sortedRows[rank] = firstRows[keys[rank].Code];
        }

        return new CodeOrder(ranks, sortedRows);
    }

    /// <summary>
    /// Writes 1 to <paramref name="accepted"/> for each code whose text passes <c>text &lt;op&gt;
    /// <paramref name="constant"/></c> in byte order (memcmp, then the shorter first, as the byte
    /// kernels compare), 0 for the others and for codes without a text; returns how many pass.
    /// </summary>
    public int Accept(StringArray array, ComparisonOperator op, ReadOnlySpan<byte> constant, Span<byte> accepted)
    {
        // below: texts less than the constant; notAbove: less or equal.
        var below = Count(array, constant, orEqual: false);
        var notAbove = Count(array, constant, orEqual: true);
        var (from, to, inside) = op switch
        {
            ComparisonOperator.Equal => (below, notAbove, true),
            ComparisonOperator.NotEqual => (below, notAbove, false),
            ComparisonOperator.Less => (0, below, true),
            ComparisonOperator.LessOrEqual => (0, notAbove, true),
            ComparisonOperator.Greater => (0, notAbove, false),
            _ => (0, below, false),
        };

        var count = 0;
        for (var code = 0; code < Ranks.Length; code++)
        {
            var rank = Ranks[code];
            var passes = rank >= 0 && (rank >= from && rank < to) == inside;
            accepted[code] = passes ? (byte)1 : (byte)0;
            count += passes ? 1 : 0;
        }

        return count;
    }

    /// <summary>How many texts are less than <paramref name="constant"/> (or equal to it too).</summary>
    private int Count(StringArray array, ReadOnlySpan<byte> constant, bool orEqual)
    {
        var (low, high) = (0, SortedRows.Length);
        var offsets = array.ValueOffsets;
        var values = array.Values;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var order = Text(values, offsets, SortedRows[middle]).SequenceCompareTo(constant);
            if (order < 0 || (orEqual && order == 0))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// A text's first 16 bytes as two big-endian numbers (zero-padded) and its length: for texts of up
    /// to 16 bytes these order exactly as the bytes do (a text that is a prefix of another, padded with
    /// zeros, ties with it and the shorter comes first); longer texts that tie compare their bytes.
    /// </summary>
    private readonly record struct SortKey(ulong High, ulong Low, int Length, int Code)
    {
        public static SortKey Of(ReadOnlySpan<byte> text, int code)
        {
            Span<byte> padded = stackalloc byte[16];
            padded.Clear();
            text[..Math.Min(16, text.Length)].CopyTo(padded);
            return new SortKey(BinaryPrimitives.ReadUInt64BigEndian(padded), BinaryPrimitives.ReadUInt64BigEndian(padded[8..]), text.Length, code);
        }

        public sealed class Comparer(StringArray array, int[] firstRows) : IComparer<SortKey>
        {
            public int Compare(SortKey x, SortKey y)
            {
                var order = x.High != y.High ? x.High.CompareTo(y.High) : x.Low.CompareTo(y.Low);
                if (order != 0 || x.Length <= 16 || y.Length <= 16)
                {
                    return order != 0 ? order : x.Length.CompareTo(y.Length);
                }

                return Text(array.Values, array.ValueOffsets, firstRows[x.Code]).SequenceCompareTo(Text(array.Values, array.ValueOffsets, firstRows[y.Code]));
            }
        }
    }

    private static ReadOnlySpan<byte> Text(ReadOnlySpan<byte> values, ReadOnlySpan<int> offsets, int row) => values[offsets[row]..offsets[row + 1]];
}
