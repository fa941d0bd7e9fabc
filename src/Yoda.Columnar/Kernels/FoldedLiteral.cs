using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// A piece of literal text of a LIKE pattern as UTF-8 bytes, matched with ASCII letters folded as
/// SQLite's LIKE does. On valid UTF-8, folding bytes 'A'..'Z' is folding ASCII characters: the bytes
/// of a non-ASCII character are all ≥ 0x80 and compare exactly, and a match can only start on a
/// character boundary.
/// </summary>
public sealed class FoldedLiteral
{
    private const byte LetterBit = 0x20;

    /// <summary>The bytes with ASCII letters in lower case.</summary>
    private readonly byte[] _lower;

    /// <summary>0x20 at the ASCII letters, 0 elsewhere: (b | mask) == lower compares a byte folded.</summary>
    private readonly byte[] _mask;

    private readonly bool _hasLetters;

    /// <summary>The first and last bytes as vectors, for the searches' candidate positions (a literal not empty).</summary>
    private readonly EndBytes _ends;

    /// <summary>
    /// A literal of at most 8 bytes as one word (<see cref="_lower"/> padded with zeros), its letter
    /// bits, and ones over its bytes: 8 bytes of text read as a word, folded and cut to the literal's
    /// length, equal it when the text starts with the literal.
    /// </summary>
    private readonly ulong _word, _wordMask, _wordKeep;

    /// <summary>The branch-free search of a word of rows (<see cref="RowsContaining"/>); null for an empty literal.</summary>
    private readonly LiteralProbes? _probes;

    public FoldedLiteral(string text)
    {
        _lower = Encoding.UTF8.GetBytes(text);
        _mask = new byte[_lower.Length];
        for (var i = 0; i < _lower.Length; i++)
        {
            if (IsAsciiLetter(_lower[i]))
            {
                _lower[i] |= LetterBit;
                _mask[i] = LetterBit;
                _hasLetters = true;
            }
        }

        if (_lower.Length > 0)
        {
            _ends = new EndBytes(_lower, _mask);
            _probes = new LiteralProbes(this, _lower, _mask);
        }

        if (_lower.Length <= sizeof(ulong))
        {
            Span<byte> padded = stackalloc byte[sizeof(ulong)];
            _lower.CopyTo(padded);
            _word = MemoryMarshal.Read<ulong>(padded);
            padded.Clear();
            _mask.CopyTo(padded);
            _wordMask = MemoryMarshal.Read<ulong>(padded);
            padded.Clear();
            padded[.._lower.Length].Fill(byte.MaxValue);
            _wordKeep = MemoryMarshal.Read<ulong>(padded);
        }
    }

    public int Length => _lower.Length;

    /// <summary>True when <paramref name="value"/> equals the literal, ASCII letters folded.</summary>
    public bool EqualsFolded(ReadOnlySpan<byte> value)
    {
        if (value.Length != _lower.Length)
        {
            return false;
        }

        if (!_hasLetters)
        {
            return value.SequenceEqual(_lower);
        }

        for (var i = 0; i < value.Length; i++)
        {
            if ((value[i] | _mask[i]) != _lower[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first position in <paramref name="text"/> where the literal occurs, ASCII letters folded; -1 if none.</summary>
    public int IndexIn(ReadOnlySpan<byte> text)
    {
        if (!_hasLetters)
        {
            return text.IndexOf(_lower);
        }

        var n = _lower.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && text.Length >= n - 1 + Vector256<byte>.Count)
        {
            // Candidates: positions whose first and last bytes match (folded); each is verified in full.
            ref var start = ref MemoryMarshal.GetReference(text);
            for (; i <= text.Length - n + 1 - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var bits = _ends.CandidatesAt(ref start, i);
                while (bits != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(bits);
                    if (EqualsFolded(text.Slice(at, n)))
                    {
                        return at;
                    }

                    bits &= bits - 1;
                }
            }
        }

        for (; i <= text.Length - n; i++)
        {
            if (EqualsFolded(text.Slice(i, n)))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// True when the literal occurs within <c>values[from..to]</c>, ASCII letters folded. Unlike
    /// <see cref="IndexIn"/> on that slice, a short text is still compared 32 candidate positions at
    /// once: the vector loads may read the bytes after <paramref name="to"/> (the next rows' bytes)
    /// while they lie inside <paramref name="values"/>, and candidates starting too late to end by
    /// <paramref name="to"/> are masked off. One selected row of a sparse selection costs one block.
    /// </summary>
    public bool OccursWithin(ReadOnlySpan<byte> values, int from, int to)
    {
        var n = _lower.Length;
        var lastStart = to - n;
        var i = from;
        if (Vector256.IsHardwareAccelerated && lastStart >= i)
        {
            ref var start = ref MemoryMarshal.GetReference(values);
            for (; i <= lastStart && i + n - 1 + Vector256<byte>.Count <= values.Length; i += Vector256<byte>.Count)
            {
                var bits = _ends.CandidatesAt(ref start, i);
                var candidates = lastStart - i + 1;
                if (candidates < Vector256<byte>.Count)
                {
                    bits &= (1u << candidates) - 1;
                }

                while (bits != 0)
                {
                    if (StartsAt(values, i + BitOperations.TrailingZeroCount(bits)))
                    {
                        return true;
                    }

                    bits &= bits - 1;
                }
            }
        }

        for (; i <= lastStart; i++)
        {
            if (StartsAt(values, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Selected rows ahead whose bytes a sparse search prefetches.</summary>
    internal const int PrefetchRows = 8;

    /// <summary>
    /// Keeps those of the first <paramref name="count"/> <paramref name="rows"/> (indexes into
    /// <paramref name="offsets"/>, ascending) whose text holds the literal (<paramref name="negated"/>:
    /// does not), in order, and returns how many: each selected row searched alone, which skips the
    /// rows left out, by the probes (<see cref="LiteralProbes.TryKeepRowsContaining"/>) or else by
    /// <see cref="OccursWithin"/>.
    /// </summary>
    public int KeepRowsContaining(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values, Span<int> rows, int count, bool negated)
    {
        if (Vector256.IsHardwareAccelerated && _probes is not null && _probes.TryKeepRowsContaining(offsets, values, rows, count, negated, out var kept))
        {
            return kept;
        }

        kept = 0;
        for (var r = 0; r < count; r++)
        {
            if (r + PrefetchRows < count)
            {
                var ahead = rows[r + PrefetchRows];
                Prefetch(values, offsets[ahead], offsets[ahead + 1]);
            }

            var row = rows[r];
            rows[kept] = row;
            kept += OccursWithin(values, offsets[row], offsets[row + 1]) != negated ? 1 : 0;
        }

        return kept;
    }

    /// <summary>
    /// Asks the CPU to fetch the first and last bytes of a row searched a few rows later: a sparse
    /// selection's rows lie too far apart, at irregular steps, for the hardware to see them coming,
    /// and each row's search otherwise waits for memory.
    /// </summary>
    internal static unsafe void Prefetch(ReadOnlySpan<byte> values, int from, int to)
    {
        if (Sse.IsSupported && to > from)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in values[from])));
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in values[to - 1])));
        }
    }

    /// <summary>True when the literal's bytes start at <paramref name="at"/> (which leaves room for them), ASCII letters folded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool StartsAt(ReadOnlySpan<byte> values, int at) =>
        _lower.Length <= sizeof(ulong) && at + sizeof(ulong) <= values.Length
            ? ((MemoryMarshal.Read<ulong>(values[at..]) | _wordMask) & _wordKeep) == _word
            : EqualsFolded(values.Slice(at, _lower.Length));

    /// <summary>
    /// Bit i set when row i, the text <c>values[offsets[i]..offsets[i + 1]]</c>, holds the literal
    /// (at most 64 rows, <paramref name="offsets"/> one longer), never a match across two adjacent
    /// values: by the positions' bitmap (<see cref="LiteralProbes"/>), or, for rows of more bytes than
    /// it holds, by <see cref="RowsContainingByCursor"/>.
    /// </summary>
    public ulong RowsContaining(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values)
    {
        Debug.Assert(offsets.Length is > 0 and <= 65 && _probes is not null, "one word of rows, a literal not empty");
        return Vector256.IsHardwareAccelerated && _probes!.TryRowsContaining(offsets, values, out var rows)
            ? rows
            : RowsContainingByCursor(offsets, values);
    }

    /// <summary>
    /// <see cref="RowsContaining"/> in one pass through the bytes of all the rows: blocks of 32
    /// candidate positions whose first and last bytes match are found at once and verified in order
    /// against a cursor over the offsets, so a match costs no new search; it counts only for the row
    /// that holds all of it, and the rest of a matched row is skipped.
    /// </summary>
    internal ulong RowsContainingByCursor(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values)
    {
        var n = _lower.Length;
        var end = offsets[^1];
        var lastStart = end - n;
        var (matched, row, i) = (0UL, 0, offsets[0]);
        if (Vector256.IsHardwareAccelerated && lastStart - i + 1 >= Vector256<byte>.Count)
        {
            ref var start = ref MemoryMarshal.GetReference(values);
            var lastBlock = lastStart + 1 - Vector256<byte>.Count;
            while (i <= lastStart)
            {
                // The final block overlaps the one before it; positions already searched are masked off.
                var block = Math.Min(i, lastBlock);
                var bits = _ends.CandidatesAt(ref start, block) & (uint.MaxValue << (i - block));
                i = VerifyCandidates(bits, block, offsets, values, ref row, ref matched);
            }

            return matched;
        }

        while (i <= lastStart)
        {
            var count = Math.Min(32, lastStart - i + 1);
            var bits = 0u;
            for (var k = 0; k < count; k++)
            {
                var candidate = (values[i + k] | _mask[0]) == _lower[0] && (values[i + k + n - 1] | _mask[n - 1]) == _lower[n - 1];
                bits |= (candidate ? 1u : 0u) << k;
            }

            i = VerifyCandidates(bits, i, offsets, values, ref row, ref matched);
        }

        return matched;
    }

    /// <summary>
    /// Verifies the candidate positions <paramref name="block"/> + bit of <paramref name="bits"/> in
    /// order, sets the bits of the rows they match in, and returns where the search goes on: the end
    /// of the block, or the end of a matched row beyond it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int VerifyCandidates(uint bits, int block, ReadOnlySpan<int> offsets, ReadOnlySpan<byte> values, ref int row, ref ulong matched)
    {
        var n = _lower.Length;
        while (bits != 0)
        {
            var at = block + BitOperations.TrailingZeroCount(bits);
            while (offsets[row + 1] <= at)
            {
                row++;
            }

            var rowEnd = offsets[row + 1];
            if (at + n > rowEnd || !StartsAt(values, at))
            {
                bits &= bits - 1;
                continue;
            }

            matched |= 1UL << row;
            var rest = rowEnd - block;
            if (rest >= 32)
            {
                return rowEnd;
            }

            bits &= uint.MaxValue << rest;
        }

        return block + 32;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAsciiLetter(byte b) => (uint)((b | LetterBit) - 'a') <= 'z' - 'a';

    /// <summary>
    /// The literal's first and last bytes (folded) as vectors: the candidate positions of a block of 32 are
    /// those whose first and last bytes match, each then verified in full. Made once per literal: a
    /// sparse search builds none per row.
    /// </summary>
    private readonly struct EndBytes(byte[] lower, byte[] mask)
    {
        private readonly Vector256<byte> _first = Vector256.Create(lower[0]);
        private readonly Vector256<byte> _firstMask = Vector256.Create(mask[0]);
        private readonly Vector256<byte> _last = Vector256.Create(lower[^1]);
        private readonly Vector256<byte> _lastMask = Vector256.Create(mask[^1]);
        private readonly int _lastOffset = lower.Length - 1;

        /// <summary>Bit k set when position <paramref name="at"/> + k is a candidate (reads 32 bytes from each end).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint CandidatesAt(ref byte start, int at)
        {
            var atFirst = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)at) | _firstMask, _first);
            var atLast = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(at + _lastOffset)) | _lastMask, _last);
            return (atFirst & atLast).ExtractMostSignificantBits();
        }
    }
}
