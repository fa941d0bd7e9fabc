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

    // The literal's first four and last four bytes (the same byte twice in a literal under 8 bytes):
    // eight named probes, not an array, so that the JIT unrolls them (a loop over an array of vectors
    // cost 2.5x the whole search).
    private readonly Probe _p0, _p1, _p2, _p3, _p4, _p5, _p6, _p7;
    private readonly FoldedLiteral _literal;
    private readonly int _length;

    public LiteralProbes(FoldedLiteral literal, byte[] lower, byte[] mask)
    {
        _literal = literal;
        _length = lower.Length;
        var last = _length - 1;
        (_p0, _p1, _p2, _p3) = (new(lower, mask, 0), new(lower, mask, Math.Min(1, last)), new(lower, mask, Math.Min(2, last)), new(lower, mask, Math.Min(3, last)));
        (_p4, _p5, _p6, _p7) = (new(lower, mask, Math.Max(last - 3, 0)), new(lower, mask, Math.Max(last - 2, 0)), new(lower, mask, Math.Max(last - 1, 0)), new(lower, mask, last));
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
        Mark(values, from, bits.AsSpan(0, words));
        if (_length > MaxProbes)
        {
            Verify(values, from, positions, bits.AsSpan(0, words));
        }

        // Accumulated in a local: through the out parameter, each row's OR was a store and a reload.
        var found = 0UL;
        var bytes = MemoryMarshal.AsBytes(bits.AsSpan());
        var endShift = _length - 1 + from;
        for (var r = 0; r + 1 < offsets.Length; r++)
        {
            // A match counts for row r when it starts in the row and ends by the row's end.
            var matched = AnySet(bytes, offsets[r] - from, offsets[r + 1] - endShift);
            found |= (matched ? 1UL : 0) << r;
        }

        rows = found;
        return true;
    }

    /// <summary>
    /// Keeps those of the first <paramref name="count"/> <paramref name="rows"/> (indexes into
    /// <paramref name="offsets"/>) whose text holds the literal (<paramref name="negated"/>: does not),
    /// in order, and returns how many: a sparse selection's rows each searched alone, 32 positions per
    /// step through all eight probes, and no branch on the bytes (the first-and-last-byte candidates'
    /// verification mispredicted on cb-like-group's URLs, 40% of which hold 'google'). The loads may
    /// read the next rows' bytes; positions where a match would end past the row are masked off.
    /// False, keeping nothing, for a literal longer than <see cref="MaxProbes"/> (the probes would not
    /// be exact) or a buffer shorter than a vector load: the caller searches those rows otherwise.
    /// </summary>
    public bool TryKeepRowsContaining(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values, Span<int> rows, int count, bool negated, out int kept)
    {
        kept = 0;
        if (_length > MaxProbes || values.Length < _length - 1 + BlockPositions)
        {
            return false;
        }

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
                var hits = p0.At(ref start, block) & p1.At(ref start, block) & p2.At(ref start, block) & p3.At(ref start, block)
                    & p4.At(ref start, block) & p5.At(ref start, block) & p6.At(ref start, block) & p7.At(ref start, block);
                var inRow = (uint)((1UL << Math.Min(lastStart - at + 1, BlockPositions)) - 1);
                found |= (hits.ExtractMostSignificantBits() >> (at - block)) & inRow;
            }

            rows[kept] = row;
            kept += (found != 0) != negated ? 1 : 0;
        }

        return true;
    }

    /// <summary>
    /// Sets bit p of <paramref name="bits"/> when every probed byte matches at position
    /// <paramref name="from"/> + p. The vector loads may read past the rows into the buffer's next
    /// bytes (bits no row reads); a block that would read past the buffer is moved back to end at it
    /// and its bits shifted into place. Every load lies inside <paramref name="values"/>: a block
    /// starts at 0 or later (the caller's length check) and at most at <c>lastBlock</c>, whose farthest
    /// load, at probe offset n − 1, ends at the buffer's end.
    /// </summary>
    private void Mark(ReadOnlySpan<byte> values, int from, Span<uint> bits)
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
            var hits = p0.At(ref start, block) & p1.At(ref start, block) & p2.At(ref start, block) & p3.At(ref start, block)
                & p4.At(ref start, block) & p5.At(ref start, block) & p6.At(ref start, block) & p7.At(ref start, block);
            bits[w] = hits.ExtractMostSignificantBits() >> (at - block);
        }
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
    /// True when a bit of <paramref name="bytes"/> (a bitmap) in [<paramref name="from"/>, <paramref name="to"/>)
    /// is set. A range of up to 56 bits (a row of up to 61 bytes for 'google') is one 64-bit read,
    /// masked, and no branch on its bits: whether a row matches is as unpredictable as the data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AnySet(ReadOnlySpan<byte> bytes, int from, int to)
    {
        var take = Math.Clamp(to - from, 0, Step);
        var any = (Bits(bytes, take > 0 ? from : 0) & ((1UL << take) - 1)) != 0;
        return to - from <= Step ? any : any || AnySetBeyond(bytes, from + Step, to);
    }

    /// <summary><see cref="AnySet"/> for the rest of a long row, 56 bits a step.</summary>
    private static bool AnySetBeyond(ReadOnlySpan<byte> bytes, int from, int to)
    {
        for (; from < to; from += Step)
        {
            if ((Bits(bytes, from) & ((1UL << Math.Min(to - from, Step)) - 1)) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The bits from bit <paramref name="at"/> on (at least 57 of them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits(ReadOnlySpan<byte> bytes, int at) => MemoryMarshal.Read<ulong>(bytes[(at >> 3)..]) >> (at & 7);

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
