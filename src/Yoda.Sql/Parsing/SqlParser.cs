using Superpower;
using Superpower.Model;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Parsing;

/// <summary>A parsed query and the SQLite index of each placeholder occurrence (keyed by text offset).</summary>
public sealed record ParsedQuery(QueryExpr Query, IReadOnlyDictionary<int, int> ParameterIndexByOffset)
{
    /// <summary>The query as one plain SELECT (for queries that are one).</summary>
    public SelectStatement Statement => Query as SelectStatement ?? throw new InvalidOperationException("the query is not a plain SELECT");
}

/// <summary>Entry point of the parser: text to <see cref="SelectStatement"/>, with limits that keep hostile input from exhausting the stack.</summary>
public static class SqlParser
{
    /// <summary>Longest SQL text accepted (SQLite's default SQLITE_MAX_SQL_LENGTH is 1,000,000 bytes too).</summary>
    public const int MaxSqlLength = 1_000_000;

    /// <summary>Deepest nesting of parentheses, CASE and prefix operators accepted by the parser.</summary>
    public const int MaxNestingDepth = 200;

    public static ParsedQuery Parse(string sql)
    {
        if (sql.Length > MaxSqlLength)
        {
            throw new YodaException($"SQL text too long: {sql.Length} characters (at most {MaxSqlLength})");
        }

        var tokens = Tokenize(sql);
        CheckNesting(tokens);
        var result = StatementParsers.Statement.TryParse(new TokenList<SqlToken>(tokens));
        if (!result.HasValue)
        {
            var position = result.ErrorPosition.HasValue ? result.ErrorPosition : LastPosition(sql);
            throw new SqlParseException($"Syntax error: {result.FormatErrorMessageFragment()}", position.Line, position.Column);
        }

        return new ParsedQuery(result.Value, Placeholders.IndexByOffset(tokens));
    }

    internal static Token<SqlToken>[] Tokenize(string sql)
    {
        var result = SqlTokenizer.Instance.TryTokenize(sql);
        if (!result.HasValue)
        {
            throw new SqlParseException($"Syntax error: {result.FormatErrorMessageFragment()}", result.ErrorPosition.Line, result.ErrorPosition.Column);
        }

        return [.. result.Value];
    }

    /// <summary>
    /// The parser is recursive; rejecting deep nesting up front turns 10,000 nested parentheses into a
    /// clear error instead of a stack overflow. Binary operator chains are parsed iteratively and are
    /// bounded later by the binder's expression depth limit.
    /// </summary>
    private static void CheckNesting(Token<SqlToken>[] tokens)
    {
        var depth = 0;
        var prefixRun = 0;
        var previousIsOperand = false;
        foreach (var token in tokens)
        {
            var opens = token.Kind == SqlToken.LParen || Keywords.IsKeyword(token, "CASE");
            var closes = token.Kind == SqlToken.RParen || Keywords.IsKeyword(token, "END");
            var isPrefix = !previousIsOperand && (token.Kind is SqlToken.Minus or SqlToken.Plus or SqlToken.Tilde || Keywords.IsKeyword(token, "NOT"));
            prefixRun = isPrefix ? prefixRun + 1 : 0;
            depth += opens ? 1 : closes ? -1 : 0;
            if (depth + prefixRun > MaxNestingDepth)
            {
                throw new SqlParseException($"Syntax error: expression nested too deeply (at most {MaxNestingDepth} levels)", token.Position.Line, token.Position.Column);
            }

            previousIsOperand = token.Kind is SqlToken.RParen or SqlToken.Identifier or SqlToken.QuotedIdentifier or SqlToken.Integer
                or SqlToken.Real or SqlToken.HexInteger or SqlToken.String or SqlToken.Blob or SqlToken.Parameter
                && !Keywords.IsKeyword(token, "NOT") && !Keywords.IsKeyword(token, "CASE");
        }
    }

    private static Position LastPosition(string sql)
    {
        var line = 1 + sql.Count(c => c == '\n');
        var column = sql.Length - sql.LastIndexOf('\n');
        return new Position(sql.Length, line, column);
    }
}
