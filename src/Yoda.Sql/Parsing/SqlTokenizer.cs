using Superpower;
using Superpower.Model;

namespace Yoda.Sql.Parsing;

/// <summary>
/// Splits SQL text into tokens the way SQLite does: whitespace and <c>--</c> / <c>/* */</c> comments
/// are skipped; keywords come out as identifiers.
/// </summary>
public sealed class SqlTokenizer : Tokenizer<SqlToken>
{
    public static readonly SqlTokenizer Instance = new();

    /// <summary>Tokens up to the first error (if any); never throws.</summary>
    internal IEnumerable<Token<SqlToken>> TokenizeLenient(string sql)
    {
        foreach (var result in Tokenize(new TextSpan(sql), new TokenizationState<SqlToken>()))
        {
            if (!result.HasValue)
            {
                yield break;
            }

            yield return new Token<SqlToken>(result.Value, result.Location.Until(result.Remainder));
        }
    }

    protected override IEnumerable<Result<SqlToken>> Tokenize(TextSpan span, TokenizationState<SqlToken> state)
    {
        var text = span.Source!;
        var cursor = span;
        var pos = SkipTrivia(text, span.Position.Absolute);
        while (pos < text.Length)
        {
            var (kind, end, error) = Scan(text, pos);
            var location = AdvanceTo(cursor, pos);
            if (error is not null)
            {
                yield return Result.Empty<SqlToken>(location, error);
                yield break;
            }

            cursor = AdvanceTo(location, end);
            yield return Result.Value(kind, location, cursor);
            pos = SkipTrivia(text, end);
        }
    }

    /// <summary>Moves forward to an absolute offset, keeping line and column right (only ever forward: linear overall).</summary>
    private static TextSpan AdvanceTo(TextSpan span, int absolute)
    {
        var rest = span;
        while (rest.Position.Absolute < absolute)
        {
            rest = rest.ConsumeChar().Remainder;
        }

        return rest;
    }

    private static int SkipTrivia(string s, int i)
    {
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            else if (s[i] == '-' && i + 1 < s.Length && s[i + 1] == '-')
            {
                while (i < s.Length && s[i] != '\n')
                {
                    i++;
                }
            }
            else if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                var close = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? s.Length : close + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static (SqlToken Kind, int End, string? Error) Scan(string s, int i)
    {
        var c = s[i];
        char Next(int k) => i + k < s.Length ? s[i + k] : '\0';
        switch (c)
        {
            case '(': return (SqlToken.LParen, i + 1, null);
            case ')': return (SqlToken.RParen, i + 1, null);
            case ',': return (SqlToken.Comma, i + 1, null);
            case ';': return (SqlToken.Semicolon, i + 1, null);
            case '+': return (SqlToken.Plus, i + 1, null);
            case '*': return (SqlToken.Star, i + 1, null);
            case '/': return (SqlToken.Slash, i + 1, null);
            case '%': return (SqlToken.Percent, i + 1, null);
            case '&': return (SqlToken.Ampersand, i + 1, null);
            case '~': return (SqlToken.Tilde, i + 1, null);
            case '-':
                return Next(1) == '>'
                    ? (Next(2) == '>' ? (SqlToken.DoubleArrow, i + 3, null) : (SqlToken.Arrow, i + 2, null))
                    : (SqlToken.Minus, i + 1, null);
            case '|': return Next(1) == '|' ? (SqlToken.Concat, i + 2, null) : (SqlToken.Pipe, i + 1, null);
            case '=': return (SqlToken.Equal, Next(1) == '=' ? i + 2 : i + 1, null);
            case '!': return Next(1) == '=' ? (SqlToken.NotEqual, i + 2, null) : (SqlToken.Identifier, i, "unexpected character `!`");
            case '<':
                return Next(1) switch
                {
                    '=' => (SqlToken.LessOrEqual, i + 2, null),
                    '>' => (SqlToken.NotEqual, i + 2, null),
                    '<' => (SqlToken.ShiftLeft, i + 2, null),
                    _ => (SqlToken.Less, i + 1, null),
                };
            case '>':
                return Next(1) switch
                {
                    '=' => (SqlToken.GreaterOrEqual, i + 2, null),
                    '>' => (SqlToken.ShiftRight, i + 2, null),
                    _ => (SqlToken.Greater, i + 1, null),
                };
            case '\'': return Quoted(s, i, '\'', SqlToken.String, "unterminated string literal");
            case '"': return Quoted(s, i, '"', SqlToken.QuotedIdentifier, "unterminated quoted identifier");
            case '`': return Quoted(s, i, '`', SqlToken.QuotedIdentifier, "unterminated quoted identifier");
            case '[':
                {
                    var close = s.IndexOf(']', i + 1);
                    return close < 0 ? (SqlToken.Identifier, i, "unterminated [identifier]") : (SqlToken.QuotedIdentifier, close + 1, null);
                }

            case '?':
                {
                    var j = i + 1;
                    while (j < s.Length && char.IsAsciiDigit(s[j]))
                    {
                        j++;
                    }

                    return (SqlToken.Parameter, j, null);
                }

            case ':' or '@' or '$':
                {
                    var j = i + 1;
                    while (j < s.Length && IsIdentifierPart(s[j]))
                    {
                        j++;
                    }

                    return j == i + 1 ? (SqlToken.Identifier, i, $"unexpected character `{c}`") : (SqlToken.Parameter, j, null);
                }
        }

        if ((c == 'x' || c == 'X') && Next(1) == '\'')
        {
            var (_, end, error) = Quoted(s, i + 1, '\'', SqlToken.Blob, "unterminated blob literal");
            if (error is null && ((end - i - 3) % 2 != 0 || s.AsSpan(i + 2, end - i - 3).ContainsAnyExcept(HexDigits)))
            {
                return (SqlToken.Blob, i, "malformed blob literal");
            }

            return (SqlToken.Blob, end, error);
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Next(1))))
        {
            return Number(s, i);
        }

        if (c == '.')
        {
            return (SqlToken.Dot, i + 1, null);
        }

        if (IsIdentifierStart(c))
        {
            var j = i + 1;
            while (j < s.Length && IsIdentifierPart(s[j]))
            {
                j++;
            }

            return (SqlToken.Identifier, j, null);
        }

        return (SqlToken.Identifier, i, $"unexpected character `{c}`");
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static (SqlToken, int, string?) Quoted(string s, int i, char quote, SqlToken kind, string error)
    {
        var j = i + 1;
        while (j < s.Length)
        {
            if (s[j] == quote)
            {
                if (j + 1 < s.Length && s[j + 1] == quote)
                {
                    j += 2;
                    continue;
                }

                return (kind, j + 1, null);
            }

            j++;
        }

        return (kind, i, error);
    }

    private static (SqlToken, int, string?) Number(string s, int i)
    {
        if (s[i] == '0' && i + 1 < s.Length && (s[i + 1] == 'x' || s[i + 1] == 'X'))
        {
            var h = i + 2;
            while (h < s.Length && char.IsAsciiHexDigit(s[h]))
            {
                h++;
            }

            return h == i + 2 || (h < s.Length && IsIdentifierPart(s[h]))
                ? (SqlToken.HexInteger, i, "malformed hexadecimal literal")
                : (SqlToken.HexInteger, h, null);
        }

        var j = i;
        var kind = SqlToken.Integer;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            j++;
        }

        if (j < s.Length && s[j] == '.')
        {
            kind = SqlToken.Real;
            j++;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }
        }

        if (j < s.Length && (s[j] == 'e' || s[j] == 'E'))
        {
            var k = j + 1;
            if (k < s.Length && (s[k] == '+' || s[k] == '-'))
            {
                k++;
            }

            if (k < s.Length && char.IsAsciiDigit(s[k]))
            {
                kind = SqlToken.Real;
                j = k;
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }
            }
            else
            {
                return (SqlToken.Real, i, "malformed number literal");
            }
        }

        return j < s.Length && IsIdentifierPart(s[j]) ? (kind, i, "malformed number literal") : (kind, j, null);
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c > 0x7F;

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '$';
}
