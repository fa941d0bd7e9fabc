using System.Globalization;
using System.Numerics;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// The decimal digits of a double exactly as SQLite 3.53's <c>sqlite3FpDecode</c> produces them for
/// printf's real conversions and REAL-to-TEXT: the value is scaled by a power of ten taken from
/// SQLite's own 64-bit table (so its rounding ties fall where SQLite's do: <c>%.0e</c> of 250 is
/// 2e+02), to 18 or 19 digits rounded half-up when rounding by decimal places or at 17 digits or
/// more, otherwise cut after one digit more than it keeps; then rounded half-up to the digits asked
/// for, never more than <c>mxRound</c>; at 17 digits a run of nines or zeros is shortened when the
/// shorter number reads back as the same double.
/// </summary>
internal static class FpDecoder
{
    private static readonly ulong[] Base =
    [
        0x8000000000000000, 0xa000000000000000, 0xc800000000000000, 0xfa00000000000000, 0x9c40000000000000, 0xc350000000000000,
        0xf424000000000000, 0x9896800000000000, 0xbebc200000000000, 0xee6b280000000000, 0x9502f90000000000, 0xba43b74000000000,
        0xe8d4a51000000000, 0x9184e72a00000000, 0xb5e620f480000000, 0xe35fa931a0000000, 0x8e1bc9bf04000000, 0xb1a2bc2ec5000000,
        0xde0b6b3a76400000, 0x8ac7230489e80000, 0xad78ebc5ac620000, 0xd8d726b7177a8000, 0x878678326eac9000, 0xa968163f0a57b400,
        0xd3c21bcecceda100, 0x84595161401484a0, 0xa56fa5b99019a5c8,
    ];

    private static readonly ulong[] Scale =
    [
        0x8049a4ac0c5811ae, 0xcf42894a5dce35ea, 0xa76c582338ed2621, 0x873e4f75e2224e68, 0xda7f5bf590966848, 0xb080392cc4349dec,
        0x8e938662882af53e, 0xe65829b3046b0afa, 0xba121a4650e4ddeb, 0x964e858c91ba2655, 0xf2d56790ab41c2a2, 0xc428d05aa4751e4c,
        0x9e74d1b791e07e48, 0xcccccccccccccccc, 0xcecb8f27f4200f3a, 0xa70c3c40a64e6c51, 0x86f0ac99b4e8dafd, 0xda01ee641a708de9,
        0xb01ae745b101e9e4, 0x8e41ade9fbebc27d, 0xe5d3ef282a242e81, 0xb9a74a0637ce2ee1, 0x95f83d0a1fb69cd9, 0xf24a01a73cf2dccf,
        0xc3b8358109e84f07, 0x9e19db92b4e31ba9,
    ];

    private static readonly uint[] ScaleLow =
    [
        0x205b896d, 0x52064cad, 0xaf2af2b8, 0x5a7744a7, 0xaf39a475, 0xbd8d794e, 0x547eb47b, 0x0cb4a5a3, 0x92f34d62, 0x3a6a07f9,
        0xfae27299, 0xaa97e14c, 0x775ea265, 0xcccccccc, 0x00000000, 0x999090b6, 0x69a028bb, 0xe80e6f48, 0x5ec05dd0, 0x14588f14,
        0x8f1668c9, 0x6d953e2c, 0x4abdaf10, 0xbc633b39, 0x0a862f81, 0x6c07a2c2,
    ];

    /// <summary>
    /// The significant digits of the positive, finite, non-zero <paramref name="value"/> (trailing
    /// zeros removed) and the position of the decimal point: value ≈ 0.digits × 10^PointAt.
    /// </summary>
    public static (char[] Digits, int PointAt) Decode(double value, long iRound, int mxRound)
    {
        var (scaled, exponent10) = ToDecimal(value, iRound <= 0 || iRound >= 18 ? 18 : (int)iRound + 1);
        var text = scaled.ToString(CultureInfo.InvariantCulture);

        // One spare place in front for a carry that adds a digit.
        var z = new char[text.Length + 1];
        z[0] = '0';
        text.CopyTo(0, z, 1, text.Length);
        var start = 1;
        var n = text.Length;
        var pointAt = n + exponent10;
        if (iRound <= 0)
        {
            iRound = pointAt - iRound;
            if (iRound == 0 && z[start] >= '5')
            {
                iRound = 1;
                start--;
                n++;
                pointAt++;
            }
        }

        if (iRound > 0 && (iRound < n || n > mxRound))
        {
            var keep = (int)Math.Min(iRound, mxRound);
            if (keep == 17)
            {
                keep = Shortened(z.AsSpan(start, n), value, exponent10 + n) ?? keep;
            }

            var roundUp = keep < n && z[start + keep] >= '5';
            n = keep;
            if (roundUp)
            {
                for (var k = start + n - 1; ; k--)
                {
                    if (++z[k] <= '9')
                    {
                        break;
                    }

                    z[k] = '0';
                    if (k == start)
                    {
                        z[--start] = '1';
                        n++;
                        pointAt++;
                        break;
                    }
                }
            }
        }

        while (n > 1 && z[start + n - 1] == '0')
        {
            n--;
        }

        return (z[start..(start + n)], pointAt);
    }

    /// <summary>
    /// SQLite's rounding at 17 digits: 16 digits ending in a run of nines rounded up, or a run of
    /// zeros dropped, when that shorter number is still the same double; the digit count to keep then.
    /// </summary>
    private static int? Shortened(ReadOnlySpan<char> z, double value, int pointAt)
    {
        if (z[15] == '9' && z[14] == '9')
        {
            var jj = 14;
            while (jj > 0 && z[jj - 1] == '9')
            {
                jj--;
            }

            var bumped = jj == 0 ? 1 : ulong.Parse(z[..jj], CultureInfo.InvariantCulture) + 1;
            return ReadsBackAs(bumped, pointAt - jj, value) ? jj + 1 : null;
        }

        if (pointAt - z.Length >= 0 || (z[15] == '0' && z[14] == '0' && z[13] == '0'))
        {
            var jj = 13;
            while (z[jj - 1] == '0')
            {
                jj--;
            }

            return ReadsBackAs(ulong.Parse(z[..jj], CultureInfo.InvariantCulture), pointAt - jj, value) ? jj + 1 : null;
        }

        return null;
    }

    private static bool ReadsBackAs(ulong mantissa, int exponent10, double value) =>
        double.Parse(string.Create(CultureInfo.InvariantCulture, $"{mantissa}E{exponent10}"), CultureInfo.InvariantCulture) == value;

    /// <summary>SQLite's sqlite3Fp2Convert10: value ≈ Scaled × 10^Exponent10 with at least <paramref name="digits"/> digits.</summary>
    private static (ulong Scaled, int Exponent10) ToDecimal(double value, int digits)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var biased = (int)(bits >> 52) & 0x7ff;
        var fraction = bits & ((1UL << 52) - 1);
        ulong m;
        int e;
        if (biased == 0)
        {
            var zeros = BitOperations.LeadingZeroCount(fraction);
            m = fraction << zeros;
            e = -1074 - zeros;
        }
        else
        {
            m = (fraction << 11) | (1UL << 63);
            e = biased - 1086;
        }

        var p = digits - 1 - Pow2To10(e + 63);
        var h = Math.BigMul(m, PowerOfTen(p, out _), out _);
        ulong scaled;
        if (digits == 18)
        {
            h >>= -(e + Pow10To2(p) + 2);
            scaled = (h + ((h << 1) & 2)) >> 1;
        }
        else
        {
            scaled = h >> -(e + Pow10To2(p) + 1);
        }

        return (scaled, -p);
    }

    private static int Pow10To2(int p) => (p * 108853) >> 15;

    private static int Pow2To10(int p) => (p * 78913) >> 18;

    /// <summary>SQLite's powerOfTen: the top 64 bits of 10^p (normalised), 32 more bits in <paramref name="low"/>.</summary>
    private static ulong PowerOfTen(int p, out uint low)
    {
        int g, n;
        if (p < 0)
        {
            if (p == -1)
            {
                low = ScaleLow[13];
                return Scale[13];
            }

            g = p / 27;
            n = p % 27;
            if (n != 0)
            {
                g--;
                n += 27;
            }
        }
        else if (p < 27)
        {
            low = 0;
            return Base[p];
        }
        else
        {
            g = p / 27;
            n = p % 27;
        }

        var s = Scale[g + 13];
        if (n == 0)
        {
            low = ScaleLow[g + 13];
            return s;
        }

        var x = Multiply160(s, ScaleLow[g + 13], Base[n], out low);
        if ((x & (1UL << 63)) == 0)
        {
            x = (x << 1) | ((low >> 31) & 1);
            low = (low << 1) | 1;
        }

        return x;
    }

    private static ulong Multiply160(ulong a, uint aLow, ulong b, out uint low)
    {
        var r = (UInt128)a * b;
        r += ((UInt128)aLow * b) >> 32;
        low = (uint)(r >> 32);
        return (ulong)(r >> 64);
    }
}
