using System.Globalization;
using System.Text;
using Superpower.Model;
using Yoda.Sql.Parsing;

namespace Yoda.DuckDb;

/// <summary>
/// Prepares a query's text for DuckDB: one statement only; every placeholder (<c>?</c>,
/// <c>?NNN</c>, <c>:name</c>, <c>@name</c>, <c>$name</c>) becomes DuckDB's <c>$N</c> with SQLite's
/// numbering; <c>t FOR SYSTEM_TIME AS OF T [alias]</c> becomes a subquery of the versions valid at
/// T (the filter of the columnar engine); <c>LIKE</c> becomes <c>ILIKE</c> (SQLite's LIKE ignores
/// case, DuckDB's does not); a SQLite view named in FROM or JOIN is refused.
/// </summary>
public static class DuckDbQueryText
{
    private const string ValidFrom = "_yoda_valid_from";
    private const string ValidTo = "_yoda_valid_to";
    private const string Operation = "_yoda_operation";

    private static readonly HashSet<string> ClauseWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "WHERE", "JOIN", "ON", "USING", "GROUP", "ORDER", "LIMIT", "LEFT", "RIGHT", "INNER", "CROSS", "FULL", "NATURAL",
        "UNION", "EXCEPT", "INTERSECT", "WINDOW", "HAVING", "OUTER", "FOR", "INDEXED", "NOT", "OFFSET", "RETURNING",
    };

    /// <param name="values">The query's parameter values (storage model), by SQLite index − 1.</param>
    /// <param name="isTemporal">Whether a name is a registered temporal table.</param>
    /// <param name="isView">Whether a name is a SQLite view.</param>
    public static string Rewrite(string sql, object?[] values, Func<string, bool> isTemporal, Func<string, bool> isView)
    {
        var tokenized = SqlTokenizer.Instance.TryTokenize(sql);
        if (!tokenized.HasValue)
        {
            return sql; // DuckDB reports the error
        }

        var tokens = tokenized.Value.ToArray();
        var parameterIndexes = ParameterIndexes(sql, tokens);
        var text = new StringBuilder();
        var copied = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Kind == SqlToken.Semicolon && i + 1 < tokens.Length)
            {
                throw new YodaException("the OLAP engine runs one query at a time: the text has more than one statement");
            }

            if (token.Kind == SqlToken.Parameter)
            {
                Replace(sql, text, ref copied, Start(token), End(token), "$" + parameterIndexes[i].ToString(CultureInfo.InvariantCulture));
            }
            else if (IsWord(token, "LIKE"))
            {
                Replace(sql, text, ref copied, Start(token), End(token), "ILIKE");
            }
            else if (IsWord(token, "FROM") || IsWord(token, "JOIN"))
            {
                if (i + 1 < tokens.Length && IsName(tokens[i + 1]) && isView(Name(tokens[i + 1])))
                {
                    throw new YodaException(
                        $"view {Name(tokens[i + 1])}: SQLite views are not supported yet with OlapBackend.DuckDb; query its tables, or use OlapBackend.Columnar");
                }
            }
            else if (IsWord(token, "FOR") && i + 4 < tokens.Length && IsWord(tokens[i + 1], "SYSTEM_TIME") && IsWord(tokens[i + 2], "AS") && IsWord(tokens[i + 3], "OF"))
            {
                i = RewriteSystemTime(sql, tokens, i, values, parameterIndexes, isTemporal, text, ref copied);
            }
        }

        text.Append(sql, copied, sql.Length - copied);
        return text.ToString();
    }

    /// <summary>
    /// <c>name [[AS] alias] FOR SYSTEM_TIME AS OF T [[AS] alias]</c>, starting at FOR (index
    /// <paramref name="at"/>): replaced from the name to the end; returns the index of the last token consumed.
    /// </summary>
    private static int RewriteSystemTime(
        string sql, Token<SqlToken>[] tokens, int at, object?[] values, Dictionary<int, int> parameterIndexes,
        Func<string, bool> isTemporal, StringBuilder text, ref int copied)
    {
        // Before FOR: name, name alias, or name AS alias.
        var nameAt = at - 1;
        string? alias = null;
        if (nameAt >= 2 && IsWord(tokens[nameAt - 1], "AS"))
        {
            alias = Name(tokens[nameAt]);
            nameAt -= 2;
        }
        else if (nameAt >= 1 && IsName(tokens[nameAt - 1]) && !IsKeywordBeforeTable(tokens[nameAt - 1]))
        {
            alias = Name(tokens[nameAt]);
            nameAt -= 1;
        }

        if (nameAt < 0 || !IsName(tokens[nameAt]))
        {
            throw new YodaException("FOR SYSTEM_TIME AS OF must follow a table name");
        }

        var table = Name(tokens[nameAt]);
        if (!isTemporal(table))
        {
            throw new YodaException(
                $"FOR SYSTEM_TIME AS OF needs a temporal table: {table} has no {ValidFrom} (Int64), {ValidTo} (Int64) and {Operation} (Utf8) columns; register it with the temporal merge strategy");
        }

        var next = at + 4;
        string filter;
        if (IsWord(tokens[next], "CURRENT"))
        {
            filter = $"{ValidTo} IS NULL AND {Operation} <> 'D'";
        }
        else
        {
            var negative = tokens[next].Kind == SqlToken.Minus && next + 1 < tokens.Length;
            if (negative)
            {
                next++;
            }

            var micros = TimestampMicros(tokens[next], values, parameterIndexes, next) * (negative ? -1 : 1);
            var t = micros.ToString(CultureInfo.InvariantCulture);
            filter = $"{ValidFrom} <= {t} AND ({ValidTo} IS NULL OR {ValidTo} > {t}) AND {Operation} <> 'D'";
        }

        var last = next;
        if (alias is null && last + 1 < tokens.Length)
        {
            if (IsWord(tokens[last + 1], "AS") && last + 2 < tokens.Length && IsName(tokens[last + 2]))
            {
                alias = Name(tokens[last + 2]);
                last += 2;
            }
            else if (IsName(tokens[last + 1]) && !ClauseWords.Contains(tokens[last + 1].ToStringValue()))
            {
                alias = Name(tokens[last + 1]);
                last += 1;
            }
        }

        Replace(sql, text, ref copied, Start(tokens[nameAt]), End(tokens[last]),
            $"(SELECT * FROM {DuckDbNames.Quote(table)} WHERE {filter}) AS {DuckDbNames.Quote(alias ?? table)}");
        return last;
    }

    private static long TimestampMicros(Token<SqlToken> token, object?[] values, Dictionary<int, int> parameterIndexes, int tokenIndex)
    {
        object? value = token.Kind switch
        {
            SqlToken.Integer => long.TryParse(token.ToStringValue(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
            SqlToken.String => token.ToStringValue()[1..^1].Replace("''", "'", StringComparison.Ordinal),
            SqlToken.Parameter => parameterIndexes[tokenIndex] - 1 < values.Length ? values[parameterIndexes[tokenIndex] - 1] : null,
            _ => null,
        };
        return value switch
        {
            long micros => micros,
            string iso when DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) =>
                (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond,
            _ => throw new YodaException(
                "FOR SYSTEM_TIME AS OF needs a constant timestamp: with OlapBackend.DuckDb an integer of microseconds since the Unix epoch, an ISO 8601 date-time text or a parameter giving one (an expression is not supported yet)"),
        };
    }

    /// <summary>SQLite's index of every placeholder token, by token index.</summary>
    private static Dictionary<int, int> ParameterIndexes(string sql, Token<SqlToken>[] tokens)
    {
        var distinct = Placeholders.Scan(sql);
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var plain = new Queue<int>();
        foreach (var (placeholder, index) in distinct)
        {
            if (placeholder == "?")
            {
                plain.Enqueue(index);
            }
            else
            {
                byName[placeholder] = index;
            }
        }

        var indexes = new Dictionary<int, int>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].Kind != SqlToken.Parameter)
            {
                continue;
            }

            var placeholder = tokens[i].ToStringValue();
            indexes[i] = placeholder == "?" ? plain.Dequeue() : byName[placeholder];
        }

        return indexes;
    }

    private static bool IsKeywordBeforeTable(Token<SqlToken> token) =>
        IsWord(token, "FROM") || IsWord(token, "JOIN") || ClauseWords.Contains(token.ToStringValue());

    private static bool IsWord(Token<SqlToken> token, string word) =>
        token.Kind == SqlToken.Identifier && token.Span.EqualsValueIgnoreCase(word);

    private static bool IsName(Token<SqlToken> token) => token.Kind is SqlToken.Identifier or SqlToken.QuotedIdentifier;

    private static string Name(Token<SqlToken> token)
    {
        var text = token.ToStringValue();
        return token.Kind == SqlToken.QuotedIdentifier && text.Length >= 2
            ? text[1..^1].Replace(text[0] == '"' ? "\"\"" : text[0] == '`' ? "``" : "]]", text[0] == '"' ? "\"" : text[0] == '`' ? "`" : "]", StringComparison.Ordinal)
            : text;
    }

    private static int Start(Token<SqlToken> token) => token.Span.Position.Absolute;

    private static int End(Token<SqlToken> token) => token.Span.Position.Absolute + token.Span.Length;

    private static void Replace(string sql, StringBuilder text, ref int copied, int start, int end, string replacement)
    {
        text.Append(sql, copied, start - copied).Append(replacement);
        copied = end;
    }
}
