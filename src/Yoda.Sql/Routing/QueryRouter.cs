using Superpower.Model;
using Yoda.Sql.Parsing;

namespace Yoda.Sql.Routing;

/// <summary>
/// Decides from the tokens alone (no full parse, so it covers the whole SQLite dialect) whether a
/// statement goes to SQLite (writes, DDL, transactions, PRAGMA, simple single-table SELECTs) or to
/// the OLAP engine (aggregates, GROUP BY/HAVING, windows, joins, subqueries, CTEs, set operations,
/// and <c>FOR SYSTEM_TIME AS OF</c>, which only the OLAP engine understands).
/// </summary>
public static class QueryRouter
{
    private static readonly HashSet<string> Aggregates = new(StringComparer.OrdinalIgnoreCase)
    {
        "count", "sum", "avg", "total", "group_concat", "string_agg", "median", "percentile", "percentile_cont", "percentile_disc",
    };

    public static RouteDecision Classify(string sql)
    {
        try
        {
            return ClassifyTokens(SqlTokenizer.Instance.TryTokenize(sql) is { HasValue: true } result ? [.. result.Value] : null);
        }
        catch (Exception)
        {
            return new RouteDecision(Route.Oltp, false, false, "cannot classify the statement");
        }
    }

    private static RouteDecision ClassifyTokens(Token<SqlToken>[]? tokens)
    {
        if (tokens is null)
        {
            return new RouteDecision(Route.Oltp, false, false, "cannot classify: tokenizer error");
        }

        var start = 0;
        var isExplain = false;
        if (tokens.Length > 0 && Keywords.IsKeyword(tokens[0], "EXPLAIN"))
        {
            isExplain = true;
            start = tokens.Length > 2 && Keywords.IsKeyword(tokens[1], "QUERY") && Keywords.IsKeyword(tokens[2], "PLAN") ? 3 : 1;
        }

        if (start >= tokens.Length)
        {
            return new RouteDecision(Route.Oltp, false, isExplain, "empty statement");
        }

        var first = tokens[start];
        var keyword = first.Kind == SqlToken.Identifier ? first.ToStringValue() : string.Empty;
        if (StatementKind.NonQuery(keyword) is { } nonQuery)
        {
            return new RouteDecision(Route.Oltp, false, isExplain, nonQuery);
        }

        if (keyword.Equals("WITH", StringComparison.OrdinalIgnoreCase))
        {
            var main = MainKeywordAfterWith(tokens, start + 1);
            return StatementKind.IsWrite(main)
                ? new RouteDecision(Route.Oltp, false, isExplain, $"write statement {main.ToUpperInvariant()} (WITH)")
                : new RouteDecision(Route.Olap, true, isExplain, "common table expression (WITH)");
        }

        if (!keyword.Equals("SELECT", StringComparison.OrdinalIgnoreCase) && !keyword.Equals("VALUES", StringComparison.OrdinalIgnoreCase))
        {
            return new RouteDecision(Route.Oltp, false, isExplain, $"cannot classify a statement starting with '{first.ToStringValue()}'");
        }

        return AnalyticalFeature(tokens, start) is { } feature
            ? new RouteDecision(Route.Olap, true, isExplain, feature)
            : new RouteDecision(Route.Oltp, true, isExplain, "simple SELECT");
    }

    private static string MainKeywordAfterWith(Token<SqlToken>[] tokens, int from)
    {
        var depth = 0;
        for (var j = from; j < tokens.Length; j++)
        {
            depth += tokens[j].Kind == SqlToken.LParen ? 1 : tokens[j].Kind == SqlToken.RParen ? -1 : 0;
            if (depth == 0 && tokens[j].Kind == SqlToken.Identifier
                && tokens[j].ToStringValue().ToUpperInvariant() is "SELECT" or "VALUES" or "INSERT" or "UPDATE" or "DELETE" or "REPLACE")
            {
                return tokens[j].ToStringValue();
            }
        }

        return string.Empty;
    }

    /// <summary>The first feature that makes a SELECT analytical, or null for a simple SELECT.</summary>
    private static string? AnalyticalFeature(Token<SqlToken>[] tokens, int start)
    {
        var depth = 0;
        var inFrom = false;
        for (var j = start; j < tokens.Length; j++)
        {
            var token = tokens[j];
            switch (token.Kind)
            {
                case SqlToken.LParen: depth++; continue;
                case SqlToken.RParen: depth--; continue;
                case SqlToken.Comma when inFrom && depth == 0: return "join (comma in FROM)";
                case SqlToken.Identifier: break;
                default: continue;
            }

            var word = token.ToStringValue().ToUpperInvariant();
            var nextIsParen = j + 1 < tokens.Length && tokens[j + 1].Kind == SqlToken.LParen;
            switch (word)
            {
                case "SELECT" when j > start: return "subquery";
                case "EXISTS": return "subquery (EXISTS)";
                case "WITH": return "common table expression (WITH)";
                case "UNION" or "INTERSECT" or "EXCEPT": return $"set operation {word}";
                case "JOIN": return "join";
                case "OVER" or "WINDOW": return "window function";
                case "GROUP" when j + 1 < tokens.Length && Keywords.IsKeyword(tokens[j + 1], "BY"): return "GROUP BY";
                case "HAVING": return "HAVING";
                case "FOR" when j + 1 < tokens.Length && Keywords.IsKeyword(tokens[j + 1], "SYSTEM_TIME"):
                    return "point-in-time query (FOR SYSTEM_TIME)";
                case "FROM" when depth == 0: inFrom = true; break;
                case "WHERE" or "ORDER" or "LIMIT" or "GROUP" when depth == 0: inFrom = false; break;
                case "MIN" or "MAX" when nextIsParen && SingleArgument(tokens, j + 1):
                    return $"aggregate function {word.ToLowerInvariant()}";
            }

            if (nextIsParen && Aggregates.Contains(word))
            {
                return $"aggregate function {word.ToLowerInvariant()}";
            }
        }

        return null;
    }

    /// <summary>Whether the call whose '(' is at <paramref name="open"/> has one argument (min/max with several are scalar).</summary>
    private static bool SingleArgument(Token<SqlToken>[] tokens, int open)
    {
        var depth = 0;
        for (var j = open; j < tokens.Length; j++)
        {
            depth += tokens[j].Kind == SqlToken.LParen ? 1 : tokens[j].Kind == SqlToken.RParen ? -1 : 0;
            if (depth == 0)
            {
                return true;
            }

            if (depth == 1 && tokens[j].Kind == SqlToken.Comma)
            {
                return false;
            }
        }

        return true;
    }
}
