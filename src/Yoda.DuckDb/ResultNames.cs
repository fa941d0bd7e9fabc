using Superpower.Model;
using Yoda.Sql.Parsing;

namespace Yoda.DuckDb;

/// <summary>
/// SQLite's names for the result columns of a query: an unaliased expression is named by its text
/// as written (<c>COUNT(*)</c>, <c>price / 3</c>), where DuckDB would name it by its own rendering
/// (<c>count_star()</c>, <c>(price / 3)</c>). Read from the first select list at the top level.
/// </summary>
public static class ResultNames
{
    private static readonly HashSet<string> NotAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        "END", "NULL", "TRUE", "FALSE", "NOCASE", "BINARY", "RTRIM", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP",
    };

    /// <summary>
    /// One entry per select-list item: its text when it is an unaliased expression other than a
    /// column reference, else null (DuckDB's name is SQLite's). Null when the list holds a star
    /// (its width is unknown here) or the text cannot be read.
    /// </summary>
    public static IReadOnlyList<string?>? Of(string sql)
    {
        var tokenized = SqlTokenizer.Instance.TryTokenize(sql);
        if (!tokenized.HasValue)
        {
            return null;
        }

        var tokens = tokenized.Value.ToArray();
        var start = FirstTopLevel(tokens, "SELECT");
        if (start < 0)
        {
            return null;
        }

        start++;
        if (start < tokens.Length && (IsWord(tokens[start], "DISTINCT") || IsWord(tokens[start], "ALL")))
        {
            start++;
        }

        var names = new List<string?>();
        var depth = 0;
        var itemStart = start;
        for (var i = start; i <= tokens.Length; i++)
        {
            var end = i == tokens.Length
                || (depth == 0 && (tokens[i].Kind == SqlToken.Comma || IsClauseWord(tokens[i]) || tokens[i].Kind == SqlToken.Semicolon));
            if (end)
            {
                if (i == itemStart)
                {
                    return null;
                }

                var item = tokens[itemStart..i];
                if (item.Any(t => t.Kind == SqlToken.Star) && item.Length <= 3)
                {
                    return null; // * or t.*
                }

                names.Add(NameOf(sql, item));
                if (i == tokens.Length || tokens[i].Kind != SqlToken.Comma)
                {
                    break;
                }

                itemStart = i + 1;
                continue;
            }

            depth += tokens[i].Kind == SqlToken.LParen ? 1 : tokens[i].Kind == SqlToken.RParen ? -1 : 0;
        }

        return names;
    }

    private static string? NameOf(string sql, Token<SqlToken>[] item)
    {
        var last = item[^1];
        var aliased = item.Length >= 2
            && (last.Kind is SqlToken.Identifier or SqlToken.QuotedIdentifier or SqlToken.String)
            && !NotAliases.Contains(last.ToStringValue())
            && (IsWord(item[^2], "AS") || (!IsWord(item[^2], "COLLATE") && EndsExpression(item[^2])));
        var columnReference = item.All(t => t.Kind is SqlToken.Identifier or SqlToken.QuotedIdentifier or SqlToken.Dot)
            && item.Length is 1 or 3;
        if (aliased || columnReference)
        {
            return null;
        }

        var from = item[0].Span.Position.Absolute;
        return sql[from..(last.Span.Position.Absolute + last.Span.Length)];
    }

    /// <summary>Whether a token can end an expression, so that a name after it is an alias.</summary>
    private static bool EndsExpression(Token<SqlToken> token) => token.Kind is SqlToken.Identifier or SqlToken.QuotedIdentifier
        or SqlToken.String or SqlToken.Integer or SqlToken.Real or SqlToken.HexInteger or SqlToken.Blob or SqlToken.RParen or SqlToken.Parameter;

    private static int FirstTopLevel(Token<SqlToken>[] tokens, string word)
    {
        var depth = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            depth += tokens[i].Kind == SqlToken.LParen ? 1 : tokens[i].Kind == SqlToken.RParen ? -1 : 0;
            if (depth == 0 && IsWord(tokens[i], word))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsClauseWord(Token<SqlToken> token) =>
        token.Kind == SqlToken.Identifier && (IsWord(token, "FROM") || IsWord(token, "WHERE") || IsWord(token, "GROUP")
            || IsWord(token, "ORDER") || IsWord(token, "LIMIT") || IsWord(token, "UNION") || IsWord(token, "EXCEPT")
            || IsWord(token, "INTERSECT") || IsWord(token, "HAVING") || IsWord(token, "WINDOW"));

    private static bool IsWord(Token<SqlToken> token, string word) =>
        token.Kind == SqlToken.Identifier && token.Span.EqualsValueIgnoreCase(word);
}
