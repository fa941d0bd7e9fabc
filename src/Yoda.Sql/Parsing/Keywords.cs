using System.Collections.Concurrent;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace Yoda.Sql.Parsing;

/// <summary>Keyword token parsers and the words that cannot be bare identifiers or implicit aliases.</summary>
internal static class Keywords
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALL", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "COLLATE", "CROSS", "DESC", "DISTINCT",
        "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "FILTER", "FROM", "FULL", "GLOB", "GROUP", "HAVING", "IN", "INNER",
        "INTERSECT", "IS", "ISNULL", "JOIN", "LEFT", "LIKE", "LIMIT", "MATCH", "NATURAL", "NOT", "NOTNULL",
        "NULL", "NULLS", "OFFSET", "ON", "OR", "ORDER", "OUTER", "OVER", "REGEXP", "RIGHT", "SELECT", "THEN",
        "UNION", "USING", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH",
    };

    public static bool IsReserved(string word) => Reserved.Contains(word);

    /// <summary>
    /// Keyword parsers built once per word: clauses after the first <c>from … in</c> of a LINQ query
    /// parser are built while parsing, and building a token parser is slow (see <see cref="Tokens"/>).
    /// </summary>
    private static readonly ConcurrentDictionary<string, TokenListParser<SqlToken, Token<SqlToken>>> ByWord = new(StringComparer.Ordinal);

    public static TokenListParser<SqlToken, Token<SqlToken>> Keyword(string word) =>
        ByWord.GetOrAdd(word, static w => Token.EqualToValueIgnoreCase(SqlToken.Identifier, w).Named(w.ToUpperInvariant()));

    public static bool IsKeyword(Token<SqlToken> token, string word) =>
        token.Kind == SqlToken.Identifier && token.Span.EqualsValueIgnoreCase(word);
}
