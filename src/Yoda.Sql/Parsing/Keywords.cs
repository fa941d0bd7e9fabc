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

    public static TokenListParser<SqlToken, Token<SqlToken>> Keyword(string word) =>
        Token.EqualToValueIgnoreCase(SqlToken.Identifier, word).Named(word.ToUpperInvariant());

    public static bool IsKeyword(Token<SqlToken> token, string word) =>
        token.Kind == SqlToken.Identifier && token.Span.EqualsValueIgnoreCase(word);
}
