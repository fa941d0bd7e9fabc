using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// The '%literal%' search of a word of rows (<see cref="FoldedLiteral.RowsContaining"/>) without a
/// branch per candidate: first a bitmap of the positions, over all the rows' bytes, where the literal
/// occurs (ASCII letters folded), 32 positions per step with one Vector256 compare per probed byte
/// of the literal; then each row tests the bits of the positions where a match would end inside it.
/// A literal of up to <see cref="MaxProbes"/> bytes is probed at every byte, so the bitmap is exact;
/// a longer one at its first and last four, and the positions found are verified before the rows
/// read them. The first-and-last-byte search with a cursor over the offsets cost a mispredicted
/// branch per candidate and per matched row (cb-like-count: a quarter of the URLs hold 'google').
/// </summary>
internal sealed class LiteralProbes
{
    /// <summary>Bytes of a literal probed at every position; a longer literal's middle is verified.</summary>
    public const int MaxProbes = 8;

    /// <summary>
    /// Positions the per-thread bitmap holds (8 KB): a word of rows with more bytes (texts of 1 KB
    /// and more) is searched by the cursor instead. Fixed, so the scratch does not grow with the data.
    /// </summary>
    public const int WindowPositions = 65_536;

    private const int BlockPositions = 32;

    /// <summary>Bits a row's range test takes at a time: a 64-bit read at any byte, shifted by up to 7 bits, still holds them.</summary>
    private const int Step = 56;

    /// <summary>Bits of positions, per thread; two words more so that a row's 64-bit read stays inside.</summary>
    [ThreadStatic]
    private static uint[]? t_bits;

    // A literal of up to 8 bytes: each of its bytes (the last repeated to an even count); a longer
    // one: its first four and last four. Eight named probes, not an array, so that the JIT unrolls
    // them (a loop over an array of vectors cost 2.5x the whole search); a search runs only as many
    // as it needs (IProbeCount): 'google' six, not eight with two repeated.
    private readonly Probe _p0, _p1, _p2, _p3, _p4, _p5, _p6, _p7;
    private readonly FoldedLiteral _literal;
    private readonly int _length;

    public LiteralProbes(FoldedLiteral literal, byte[] lower, byte[] mask)
    {
        _literal = literal;
        _length = lower.Length;
        var last = _length - 1;
        int At(int probe) => _length <= MaxProbes ? Math.Min(probe, last) : probe < 4 ? probe : last - 7 + probe;
        (_p0, _p1, _p2, _p3) = (new(lower, mask, At(0)), new(lower, mask, At(1)), new(lower, mask, At(2)), new(lower, mask, At(3)));
        (_p4, _p5, _p6, _p7) = (new(lower, mask, At(4)), new(lower, mask, At(5)), new(lower, mask, At(6)), new(lower, mask, At(7)));
    }

    /// <summary>
    /// Bit i set when row i (<c>values[offsets[i]..offsets[i + 1]]</c>, at most 64 rows) holds the
    /// literal; false when the rows' bytes exceed <see cref="WindowPositions"/> or the buffer is shorter
    /// than a vector load, for the caller's search to answer.
    /// </summary>
    public bool TryRowsContaining(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values, out ulong rows)
    {
        rows = 0;
        var from = offsets[0];
        var positions = offsets[^1] - _length + 1 - from;
        if (positions <= 0)
        {
            return true;
        }

        if (positions > WindowPositions || values.Length < _length - 1 + BlockPositions)
        {
            return false;
        }

        var bits = t_bits ??= new uint[WindowPositions / BlockPositions + 2];
        var words = (positions + BlockPositions - 1) / BlockPositions;
        var marked = bits.AsSpan(0, words);
        switch (_length)
        {
            case <= 2:
                Mark<TwoProbes>(values, from, marked);
                break;
            case <= 4:
                Mark<FourProbes>(values, from, marked);
                break;
            case <= 6:
                Mark<SixProbes>(values, from, marked);
                break;
            default:
                Mark<EightProbes>(values, from, marked);
                break;
        }
        if (_length > MaxProbes)
        {
            Verify(values, from, positions, marked);
        }

        // Accumulated in a local: through the out parameter, each row's OR was a store and a reload.
        // The offsets and the bitmap are read through references (their bounds below and in AnySet):
        // with spans' bounds checks and Math.Clamp's branches, this loop cost more than Mark.
        var found = 0UL;
        ref var bitmap = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(bits.AsSpan()));
        ref var offset = ref MemoryMarshal.GetReference(offsets);
        var endShift = _length - 1 + from;
        var rowCount = offsets.Length - 1;
        for (var r = 0; r < rowCount; r++)
        {
            // A match counts for row r when it starts in the row and ends by the row's end.
            var matched = AnySet(ref bitmap, positions, Unsafe.Add(ref offset, r) - from, Unsafe.Add(ref offset, r + 1) - endShift);
            found |= (matched ? 1UL : 0) << r;
        }

        rows = found;
        return true;
    }

    /// <summary>
    /// Keeps those of the first <paramref name="count"/> <paramref name="rows"/> (indexes into
    /// <paramref name="offsets"/>) whose text holds the literal (<paramref name="negated"/>: does not),
    /// in order, and returns how many: a sparse selection's rows each searched alone, 32 positions per
    /// step through the literal's probes, and no branch on the bytes (the first-and-last-byte candidates'
    /// verification mispredicted on cb-like-group's URLs, 40% of which hold 'google'). The loads may
    /// read the next rows' bytes; positions where a match would end past the row are masked off.
    /// False, keeping nothing, for a literal longer than <see cref="MaxProbes"/> (the probes would not
    /// be exact) or a buffer shorter than a vector load: the caller searches those rows otherwise.
    /// </summary>
    public bool TryKeepRowsContaining(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values, Span<int> rows, int count, bool negated, out int kept)
    {
        if (_length > MaxProbes || values.Length < _length - 1 + BlockPositions)
        {
            kept = 0;
            return false;
        }

        kept = _length switch
        {
            <= 2 => KeepRowsContaining<TwoProbes>(offsets, values, rows, count, negated),
            <= 4 => KeepRowsContaining<FourProbes>(offsets, values, rows, count, negated),
            <= 6 => KeepRowsContaining<SixProbes>(offsets, values, rows, count, negated),
            _ => KeepRowsContaining<EightProbes>(offsets, values, rows, count, negated),
        };
        return true;
    }

    /// <summary><see cref="TryKeepRowsContaining"/> once the literal fits the probes, with <typeparamref name="TCount"/> of them.</summary>
    private int KeepRowsContaining<TCount>(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values, Span<int> rows, int count, bool negated)
        where TCount : struct, IProbeCount
    {
        var kept = 0;
        ref var start = ref MemoryMarshal.GetReference(values);
        var lastBlock = values.Length - (_length - 1) - BlockPositions;
        var (p0, p1, p2, p3, p4, p5, p6, p7) = (_p0, _p1, _p2, _p3, _p4, _p5, _p6, _p7);
        for (var r = 0; r < count; r++)
        {
            if (r + FoldedLiteral.PrefetchRows < count)
            {
                var ahead = rows[r + FoldedLiteral.PrefetchRows];
                FoldedLiteral.Prefetch(values, offsets[ahead], offsets[ahead + 1]);
            }

            var row = rows[r];
            var lastStart = offsets[row + 1] - _length;
            var found = 0u;
            for (var at = offsets[row]; at <= lastStart; at += BlockPositions)
            {
                // As in Mark: a block that would read past the buffer ends at it, its bits shifted into place.
                var block = Math.Min(at, lastBlock);
                var hits = Hits<TCount>(ref start, block, p0, p1, p2, p3, p4, p5, p6, p7);
                var inRow = (uint)((1UL << Math.Min(lastStart - at + 1, BlockPositions)) - 1);
                found |= (hits.ExtractMostSignificantBits() >> (at - block)) & inRow;
            }

            rows[kept] = row;
            kept += (found != 0) != negated ? 1 : 0;
        }

        return kept;
    }

    /// <summary>
    /// Sets bit p of <paramref name="bits"/> when every probed byte matches at position
    /// <paramref name="from"/> + p. The vector loads may read past the rows into the buffer's next
    /// bytes (bits no row reads); a block that would read past the buffer is moved back to end at it
    /// and its bits shifted into place. Every load lies inside <paramref name="values"/>: a block
    /// starts at 0 or later (the caller's length check) and at most at <c>lastBlock</c>, whose farthest
    /// load, at probe offset n − 1, ends at the buffer's end.
    /// </summary>
    private void Mark<TCount>(ReadOnlySpan<byte> values, int from, Span<uint> bits)
        where TCount : struct, IProbeCount
    {
        ref var start = ref MemoryMarshal.GetReference(values);
        var lastBlock = values.Length - (_length - 1) - BlockPositions;

        // The probes copied to locals, to be kept in registers: read from the object, their 16
        // vector operands tripled the loads per block and the loads bounded the loop.
        var (p0, p1, p2, p3, p4, p5, p6, p7) = (_p0, _p1, _p2, _p3, _p4, _p5, _p6, _p7);
        for (var w = 0; w < bits.Length; w++)
        {
            var at = from + w * BlockPositions;
            var block = Math.Min(at, lastBlock);
            bits[w] = Hits<TCount>(ref start, block, p0, p1, p2, p3, p4, p5, p6, p7).ExtractMostSignificantBits() >> (at - block);
        }
    }

    /// <summary>
    /// Lane k all ones when the first <typeparamref name="TCount"/> probes match at <paramref name="block"/> + k:
    /// the count a constant of the instantiation, so the probes past it cost nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Hits<TCount>(ref byte start, int block, Probe p0, Probe p1, Probe p2, Probe p3, Probe p4, Probe p5, Probe p6, Probe p7)
        where TCount : struct, IProbeCount
    {
        var hits = p0.At(ref start, block) & p1.At(ref start, block);
        if (TCount.Count > 2)
        {
            hits &= p2.At(ref start, block) & p3.At(ref start, block);
        }

        if (TCount.Count > 4)
        {
            hits &= p4.At(ref start, block) & p5.At(ref start, block);
        }

        if (TCount.Count > 6)
        {
            hits &= p6.At(ref start, block) & p7.At(ref start, block);
        }

        return hits;
    }

    /// <summary>Clears the positions of a literal longer than the probes where its middle bytes differ (rare once eight bytes matched).</summary>
    private void Verify(ReadOnlySpan<byte> values, int from, int positions, Span<uint> bits)
    {
        for (var w = 0; w < bits.Length; w++)
        {
            for (var word = bits[w]; word != 0; word &= word - 1)
            {
                var p = w * BlockPositions + BitOperations.TrailingZeroCount(word);
                if (p >= positions || !_literal.EqualsFolded(values.Slice(from + p, _length)))
                {
                    bits[w] &= ~(1u << (p % BlockPositions));
                }
            }
        }
    }

    /// <summary>
    /// True when a bit of <paramref name="bitmap"/> in [<paramref name="from"/>, <paramref name="to"/>)
    /// is set. A range of up to 56 bits (a row of up to 61 bytes for 'google') is one 64-bit read,
    /// masked, and no branch on its bits: whether a row matches is as unpredictable as the data. The
    /// reads stay in the bitmap: 0 ≤ from and to ≤ <paramref name="positions"/> (a match ends by the
    /// rows' last byte), so a read at min(from, positions) — a range with bits to test starts below
    /// positions — starts at byte positions / 8 ≤ <see cref="WindowPositions"/> / 8 at most, and the
    /// bitmap holds 8 bytes past that.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AnySet(ref byte bitmap, int positions, int from, int to)
    {
        var length = to - from;
        var take = Math.Max(Math.Min(length, Step), 0);
        var any = (Bits(ref bitmap, Math.Min(from, positions)) & ((1UL << take) - 1)) != 0;
        return length <= Step ? any : any || AnySetBeyond(ref bitmap, from + Step, to);
    }

    /// <summary><see cref="AnySet"/> for the rest of a long row, 56 bits a step (from &lt; to, so each read starts below positions).</summary>
    private static bool AnySetBeyond(ref byte bitmap, int from, int to)
    {
        for (; from < to; from += Step)
        {
            if ((Bits(ref bitmap, from) & ((1UL << Math.Min(to - from, Step)) - 1)) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The bits from bit <paramref name="at"/> on (at least 57 of them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits(ref byte bitmap, int at) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bitmap, at >> 3)) >> (at & 7);

    /// <summary>How many of the probes a search runs: a constant per instantiation, which the JIT folds.</summary>
    private interface IProbeCount
    {
        static abstract int Count { get; }
    }

    private readonly struct TwoProbes : IProbeCount
    {
        public static int Count => 2;
    }

    private readonly struct FourProbes : IProbeCount
    {
        public static int Count => 4;
    }

    private readonly struct SixProbes : IProbeCount
    {
        public static int Count => 6;
    }

    private readonly struct EightProbes : IProbeCount
    {
        public static int Count => 8;
    }

    /// <summary>One byte of the literal (folded), compared at 32 positions at once.</summary>
    private readonly struct Probe(byte[] lower, byte[] mask, int offset)
    {
        private readonly Vector256<byte> _lower = Vector256.Create(lower[offset]);
        private readonly Vector256<byte> _mask = Vector256.Create(mask[offset]);

        /// <summary>Lane k all ones when the byte matches at <paramref name="block"/> + k.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<byte> At(ref byte start, int block) =>
            Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(block + offset)) | _mask, _lower);
    }
}
