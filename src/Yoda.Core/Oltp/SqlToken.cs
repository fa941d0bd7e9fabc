namespace Yoda.Oltp;

/// <summary>The kinds of token <see cref="SqlToken.Next"/> tells apart, as far as <see cref="LiteralParameterizer"/> needs them.</summary>
internal enum SqlTokenKind
{
    End,
    Word,
    Number,
    String,
    Blob,
    QuotedName,
    Symbol,

    /// <summary>A placeholder (<c>?</c>, <c>:a</c>, <c>@a</c>, <c>$a</c>, <c>#a</c>).</summary>
    Variable,

    /// <summary>Text SQLite might read differently from this scanner: an unterminated quote or comment, a hexadecimal or malformed number.</summary>
    Unsure,
}

/// <summary>One token of SQL text, found the way SQLite's tokenizer finds it.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int End)
{
    public bool IsSymbol(string sql, char symbol) => Kind == SqlTokenKind.Symbol && sql[Start] == symbol;

    public bool IsWord(string sql, string word) =>
        Kind == SqlTokenKind.Word && sql.AsSpan(Start, End - Start).Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>The token starting at or after <paramref name="position"/>, past whitespace and comments.</summary>
    public static SqlToken Next(string sql, int position)
    {
        var i = SkipSpaceAndComments(sql, position);
        if (i < 0)
        {
            return new SqlToken(SqlTokenKind.Unsure, position, sql.Length);
        }

        if (i == sql.Length)
        {
            return new SqlToken(SqlTokenKind.End, i, i);
        }

        var c = sql[i];
        if (c is 'x' or 'X' && i + 1 < sql.Length && sql[i + 1] == '\'')
        {
            var end = QuotedEnd(sql, i + 1, '\'');
            return new SqlToken(end < 0 ? SqlTokenKind.Unsure : SqlTokenKind.Blob, i, end < 0 ? sql.Length : end);
        }

        if (IsIdentifierStart(c))
        {
            var end = i + 1;
            var dollar = false;
            while (end < sql.Length && IsIdentifierPart(sql[end]))
            {
                dollar |= sql[end] == '$';
                end++;
            }

            // PlaceholderBinder would read "$name" inside such an identifier as a placeholder.
            return new SqlToken(dollar ? SqlTokenKind.Unsure : SqlTokenKind.Word, i, end);
        }

        if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1])))
        {
            return Number(sql, i);
        }

        switch (c)
        {
            case '\'' or '"' or '`':
                {
                    var end = QuotedEnd(sql, i, c);
                    var kind = c == '\'' ? SqlTokenKind.String : SqlTokenKind.QuotedName;
                    return new SqlToken(end < 0 ? SqlTokenKind.Unsure : kind, i, end < 0 ? sql.Length : end);
                }

            case '[':
                {
                    var close = sql.IndexOf(']', i + 1);
                    return close < 0 ? new SqlToken(SqlTokenKind.Unsure, i, sql.Length) : new SqlToken(SqlTokenKind.QuotedName, i, close + 1);
                }

            case '?' or ':' or '@' or '$' or '#':
                return new SqlToken(SqlTokenKind.Variable, i, i + 1);
            default:
                return new SqlToken(SqlTokenKind.Symbol, i, i + 1);
        }
    }

    /// <summary>SQLite's whitespace is exactly these five characters; anything else (even a no-break space) is part of a token.</summary>
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

    /// <summary>SQLite takes every character from U+0080 on as part of an identifier.</summary>
    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '$';

    /// <summary>The index past whitespace and comments from <paramref name="i"/>; -1 for an unterminated block comment.</summary>
    private static int SkipSpaceAndComments(string sql, int i)
    {
        while (i < sql.Length)
        {
            if (IsSpace(sql[i]))
            {
                i++;
            }
            else if (sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var newline = sql.IndexOf('\n', i);
                i = newline < 0 ? sql.Length : newline + 1;
            }
            else if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    return -1;
                }

                i = close + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>The index past the closing <paramref name="quote"/> of the quoted text at <paramref name="i"/> (doubled quotes inside); -1 when unterminated.</summary>
    internal static int QuotedEnd(string sql, int i, char quote)
    {
        var end = i + 1;
        while (end < sql.Length)
        {
            if (sql[end] == quote)
            {
                if (end + 1 < sql.Length && sql[end + 1] == quote)
                {
                    end += 2;
                    continue;
                }

                return end + 1;
            }

            end++;
        }

        return -1;
    }

    /// <summary>
    /// A decimal number: digits, an optional fraction, an optional exponent. Hexadecimal numbers,
    /// digit separators and a number running into a letter are left to SQLite (<see cref="SqlTokenKind.Unsure"/>).
    /// </summary>
    private static SqlToken Number(string sql, int start)
    {
        var i = start;
        if (sql[i] == '0' && i + 1 < sql.Length && sql[i + 1] is 'x' or 'X')
        {
            return new SqlToken(SqlTokenKind.Unsure, start, sql.Length);
        }

        i = SkipDigits(sql, i);
        if (i < sql.Length && sql[i] == '.')
        {
            i = SkipDigits(sql, i + 1);
        }

        if (i < sql.Length && sql[i] is 'e' or 'E')
        {
            var exponent = i + 1 < sql.Length && sql[i + 1] is '+' or '-' ? i + 2 : i + 1;
            if (exponent >= sql.Length || !char.IsAsciiDigit(sql[exponent]))
            {
                return new SqlToken(SqlTokenKind.Unsure, start, sql.Length);
            }

            i = SkipDigits(sql, exponent);
        }

        return i < sql.Length && (IsIdentifierPart(sql[i]) || sql[i] == '.')
            ? new SqlToken(SqlTokenKind.Unsure, start, sql.Length)
            : new SqlToken(SqlTokenKind.Number, start, i);
    }

    private static int SkipDigits(string sql, int i)
    {
        while (i < sql.Length && char.IsAsciiDigit(sql[i]))
        {
            i++;
        }

        return i;
    }
}
