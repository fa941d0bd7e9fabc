using System.Text;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// SQLite's <c>printf()</c>/<c>format()</c> (sqlite3_str_vappendf with SQL arguments): flags
/// <c>- + space # ! 0 ,</c>, width and precision (also <c>*</c>), conversions
/// <c>d i u x X o p c s z q Q w f e E g G n %</c>. Works on UTF-8 bytes as SQLite does (width and
/// precision count bytes unless the <c>!</c> flag is given); an unknown conversion ends the output.
/// Missing arguments read as 0, 0.0 or NULL text.
/// </summary>
public static class SqlPrintf
{
    /// <summary>SQLite's SQLITE_MAX_LENGTH: a longer result is "string or blob too big".</summary>
    private const long MaxLength = 1_000_000_000;

    private const string Digits = "0123456789ABCDEF0123456789abcdef";

    public static string? Format(object?[] arguments)
    {
        if (arguments.Length == 0 || arguments[0] is null)
        {
            return null;
        }

        var output = new PrintfOutput();
        new Run(Encoding.UTF8.GetBytes(NumericText.ToText(arguments[0]!)), arguments, output).Execute();

        // SQLite's accumulator has no text until something is appended, even zero bytes: printf('') is NULL.
        return output.Touched ? output.ToText() : null;
    }

    private sealed class PrintfOutput
    {
        private readonly List<byte> _bytes = [];

        public bool Touched { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            Touched = true;
            Check(bytes.Length);
            foreach (var b in bytes)
            {
                _bytes.Add(b);
            }
        }

        public void Append(byte b, long count)
        {
            Touched = true;
            Check(count);
            for (var i = 0L; i < count; i++)
            {
                _bytes.Add(b);
            }
        }

        public string ToText() => Encoding.UTF8.GetString(_bytes.ToArray());

        private void Check(long more)
        {
            if (_bytes.Count + more > MaxLength)
            {
                throw new YodaException("string or blob too big");
            }
        }
    }

    private sealed class Run(byte[] format, object?[] arguments, PrintfOutput output)
    {
        private int _nextArgument = 1;
        private bool _leftJustify;
        private byte _prefixFlag;
        private bool _alternateForm;
        private bool _altForm2;
        private bool _zeroPad;
        private bool _thousands;
        private long _width;
        private long _precision;

        public void Execute()
        {
            var f = 0;
            while (f < format.Length)
            {
                if (format[f] != '%')
                {
                    var start = f;
                    while (f < format.Length && format[f] != '%')
                    {
                        f++;
                    }

                    output.Append(format.AsSpan(start, f - start));
                    continue;
                }

                if (++f >= format.Length)
                {
                    output.Append((byte)'%', 1);
                    return;
                }

                var conversion = ReadSpecification(ref f);
                if (!Convert(conversion))
                {
                    return;
                }

                f++;
            }
        }

        /// <summary>Reads flags, width and precision; <paramref name="f"/> ends on the conversion character (0 at the end).</summary>
        private byte ReadSpecification(ref int f)
        {
            (_leftJustify, _prefixFlag, _alternateForm, _altForm2, _zeroPad, _thousands) = (false, 0, false, false, false, false);
            (_width, _precision) = (0, -1);
            var c = At(f);
            var done = false;
            do
            {
                switch (c)
                {
                    case (byte)'-': _leftJustify = true; break;
                    case (byte)'+': _prefixFlag = (byte)'+'; break;
                    case (byte)' ': _prefixFlag = (byte)' '; break;
                    case (byte)'#': _alternateForm = true; break;
                    case (byte)'!': _altForm2 = true; break;
                    case (byte)'0': _zeroPad = true; break;
                    case (byte)',': _thousands = true; break;
                    case (byte)'l':
                        c = At(++f);
                        if (c == 'l')
                        {
                            c = At(++f);
                        }

                        done = true;
                        break;
                    case >= (byte)'1' and <= (byte)'9':
                        ulong wx = (ulong)(c - '0');
                        while ((c = At(++f)) is >= (byte)'0' and <= (byte)'9')
                        {
                            wx = unchecked((uint)(wx * 10 + (ulong)(c - '0')));
                        }

                        _width = (long)(wx & 0x7fffffff);
                        if (c != '.' && c != 'l')
                        {
                            done = true;
                        }
                        else
                        {
                            f--;
                        }

                        break;
                    case (byte)'*':
                        var width = unchecked((int)IntegerArgument());
                        if (width < 0)
                        {
                            _leftJustify = true;
                            width = width >= -2147483647 ? -width : 0;
                        }

                        _width = width;
                        if ((c = At(f + 1)) != '.' && c != 'l')
                        {
                            c = At(++f);
                            done = true;
                        }

                        break;
                    case (byte)'.':
                        c = At(++f);
                        if (c == '*')
                        {
                            var precision = unchecked((int)IntegerArgument());
                            _precision = precision < 0 ? (precision >= -2147483647 ? -precision : -1) : precision;
                            c = At(++f);
                        }
                        else
                        {
                            ulong px = 0;
                            while (c is >= (byte)'0' and <= (byte)'9')
                            {
                                px = unchecked((uint)(px * 10 + (ulong)(c - '0')));
                                c = At(++f);
                            }

                            _precision = (long)(px & 0x7fffffff);
                        }

                        if (c == 'l')
                        {
                            --f;
                        }
                        else
                        {
                            done = true;
                        }

                        break;
                    default:
                        done = true;
                        break;
                }
            }
            while (!done && (c = At(++f)) != 0);

            return c;
        }

        private byte At(int i) => i < format.Length ? format[i] : (byte)0;

        /// <summary>Formats one conversion; false when the output ends there (an unknown conversion).</summary>
        private bool Convert(byte conversion)
        {
            byte[] text;
            switch ((char)conversion)
            {
                case 'd' or 'i': text = Integer(10, signed: true, Digits.AsSpan(0), prefix: null, _thousands); break;
                case 'u': text = Integer(10, signed: false, Digits.AsSpan(0), prefix: null, _thousands); break;
                case 'x': text = Integer(16, signed: false, Digits.AsSpan(16), "0x", thousands: false); break;
                case 'X': text = Integer(16, signed: false, Digits.AsSpan(0), "0X", thousands: false); break;
                case 'o': text = Integer(8, signed: false, Digits.AsSpan(0), "0", thousands: false); break;
                case 'p': text = Integer(16, signed: false, Digits.AsSpan(0), "0x", thousands: false); break;
                case 'f' or 'e' or 'E' or 'g' or 'G': text = PrintfReal.Format(RealArgument(), (char)conversion, RealOptions()); break;
                case 's' or 'z': text = Text(); break;
                case 'c': return Character();
                case 'q' or 'Q' or 'w': text = Escaped((char)conversion); break;
                case '%': text = "%"u8.ToArray(); break;
                case 'n': text = []; _width = 0; break;
                default: return false;
            }

            Pad(text);
            return true;
        }

        private PrintfReal.Options RealOptions() =>
            new(_precision, _width, _prefixFlag, _alternateForm, _altForm2, _zeroPad, _leftJustify, _thousands);

        private void Pad(ReadOnlySpan<byte> text)
        {
            var padding = _width - text.Length;
            if (padding > 0 && !_leftJustify)
            {
                output.Append((byte)' ', padding);
            }

            output.Append(text);
            if (padding > 0 && _leftJustify)
            {
                output.Append((byte)' ', padding);
            }
        }

        private byte[] Integer(int radix, bool signed, ReadOnlySpan<char> digitSet, string? prefix, bool thousands)
        {
            var value = IntegerArgument();
            ulong magnitude;
            byte sign = 0;
            if (signed && value < 0)
            {
                magnitude = unchecked((ulong)-(value + 1) + 1);
                sign = (byte)'-';
            }
            else
            {
                magnitude = unchecked((ulong)value);
                sign = signed ? _prefixFlag : (byte)0;
            }

            var alternate = _alternateForm && magnitude != 0;
            var precision = _precision;
            if (_zeroPad && precision < _width - (sign != 0 ? 1 : 0))
            {
                precision = _width - (sign != 0 ? 1 : 0);
            }

            var digits = new List<byte>();
            do
            {
                digits.Add((byte)digitSet[(int)(magnitude % (ulong)radix)]);
                magnitude /= (ulong)radix;
            }
            while (magnitude > 0);

            CheckLength(precision);
            while (precision > digits.Count)
            {
                digits.Add((byte)'0');
            }

            digits.Reverse();
            if (thousands)
            {
                digits = WithThousands(digits);
            }

            if (sign != 0)
            {
                digits.Insert(0, sign);
            }

            if (alternate && prefix is not null)
            {
                digits.InsertRange(0, Encoding.ASCII.GetBytes(prefix));
            }

            return [.. digits];
        }

        private static List<byte> WithThousands(List<byte> digits)
        {
            var result = new List<byte>(digits.Count + (digits.Count / 3));
            for (var i = 0; i < digits.Count; i++)
            {
                if (i > 0 && (digits.Count - i) % 3 == 0)
                {
                    result.Add((byte)',');
                }

                result.Add(digits[i]);
            }

            return result;
        }

        private byte[] Text()
        {
            var bytes = TextArgument() ?? [];
            var nul = Array.IndexOf(bytes, (byte)0);
            var length = nul < 0 ? bytes.Length : nul;
            if (_precision >= 0)
            {
                length = (int)Math.Min(length, _altForm2 ? BytesOfCharacters(bytes, length, _precision) : _precision);
            }

            var text = bytes[..length];
            WidenForUtf8(text);
            return text;
        }

        private bool Character()
        {
            var source = TextArgument();
            var length = 1;
            var character = new byte[4];
            if (source is { Length: > 0 })
            {
                character[0] = source[0];
                if ((source[0] & 0xc0) == 0xc0)
                {
                    while (length < 4 && length < source.Length && (source[length] & 0xc0) == 0x80)
                    {
                        character[length] = source[length];
                        length++;
                    }
                }
            }

            var one = character.AsSpan(0, length);
            if (_precision > 1)
            {
                CheckLength(_precision * length);
                _width -= _precision - 1;
                if (_width > 1 && !_leftJustify)
                {
                    output.Append((byte)' ', _width - 1);
                    _width = 0;
                }

                for (var i = 1L; i < _precision; i++)
                {
                    output.Append(one);
                }
            }

            _altForm2 = true;
            var text = one.ToArray();
            WidenForUtf8(text);
            Pad(text);
            return true;
        }

        private byte[] Escaped(char conversion)
        {
            var quote = conversion == 'w' ? (byte)'"' : (byte)'\'';
            var argument = TextArgument();
            var source = argument ?? Encoding.ASCII.GetBytes(conversion == 'Q' ? "NULL" : "(NULL)");
            var end = Array.IndexOf(source, (byte)0);
            end = end < 0 ? source.Length : end;
            var used = 0;
            for (var k = _precision; k != 0 && used < end; used++, k--)
            {
                if (_altForm2 && (source[used] & 0xc0) == 0xc0)
                {
                    while (used + 1 < end && (source[used + 1] & 0xc0) == 0x80)
                    {
                        used++;
                    }
                }
            }

            var quoted = argument is not null && conversion == 'Q';
            var text = new List<byte>(used + 2);
            if (quoted)
            {
                text.Add(quote);
            }

            for (var i = 0; i < used; i++)
            {
                text.Add(source[i]);
                if (source[i] == quote)
                {
                    text.Add(quote);
                }
            }

            if (quoted)
            {
                text.Add(quote);
            }

            var result = text.ToArray();
            WidenForUtf8(result);
            return result;
        }

        /// <summary>The bytes taken by the first <paramref name="characters"/> UTF-8 characters (SQLITE_SKIP_UTF8).</summary>
        private static long BytesOfCharacters(byte[] text, int length, long characters)
        {
            var i = 0;
            while (characters-- > 0 && i < length)
            {
                if (text[i++] >= 0xc0)
                {
                    while (i < length && (text[i] & 0xc0) == 0x80)
                    {
                        i++;
                    }
                }
            }

            return i;
        }

        /// <summary>With the '!' flag, the width counts characters: each UTF-8 continuation byte widens it by one.</summary>
        private void WidenForUtf8(byte[] text)
        {
            if (_altForm2 && _width > 0)
            {
                _width += text.Count(b => (b & 0xc0) == 0x80);
            }
        }

        private static void CheckLength(long length)
        {
            if (length > MaxLength)
            {
                throw new YodaException("string or blob too big");
            }
        }

        private object? NextArgument() => _nextArgument < arguments.Length ? arguments[_nextArgument++] : null;

        private long IntegerArgument() => NumericText.IntegerOf(NextArgument());

        private double RealArgument() => NumericText.RealOf(NextArgument());

        private byte[]? TextArgument() => NextArgument() switch
        {
            null => null,
            byte[] b => b,
            var v => Encoding.UTF8.GetBytes(NumericText.ToText(v)),
        };
    }
}
