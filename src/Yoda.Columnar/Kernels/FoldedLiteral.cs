using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
            var (first, firstMask) = (Vector256.Create(_lower[0]), Vector256.Create(_mask[0]));
            var (last, lastMask) = (Vector256.Create(_lower[n - 1]), Vector256.Create(_mask[n - 1]));
            for (; i <= text.Length - n + 1 - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var atFirst = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i) | firstMask, first);
                var atLast = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + n - 1)) | lastMask, last);
                var bits = (atFirst & atLast).ExtractMostSignificantBits();
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAsciiLetter(byte b) => (uint)((b | LetterBit) - 'a') <= 'z' - 'a';
}
