using Superpower;
using Superpower.Model;
using Superpower.Parsers;
using Yoda.Sql.Ast;
using static Yoda.Sql.Parsing.ExpressionParsers;
using static Yoda.Sql.Parsing.Keywords;

namespace Yoda.Sql.Parsing;

/// <summary>The SELECT statement: clauses in order, each an optional parser.</summary>
internal static class StatementParsers
{
    private static readonly TokenListParser<SqlToken, Token<SqlToken>> Comma = Token.EqualTo(SqlToken.Comma);

    private static readonly TokenListParser<SqlToken, string> Alias =
        Keyword("AS").IgnoreThen(Name.Or(Token.EqualTo(SqlToken.String).Select(t => Unquote(t.ToStringValue()))))
            .Or(Name)
            .Or(Token.EqualTo(SqlToken.String).Select(t => Unquote(t.ToStringValue())));

    private static readonly TokenListParser<SqlToken, SelectItem> Star =
        Token.EqualTo(SqlToken.Star).Value((SelectItem)new StarItem(null))
            .Or(Name.Then(table => Token.EqualTo(SqlToken.Dot).IgnoreThen(Token.EqualTo(SqlToken.Star)).Value((SelectItem)new StarItem(table))).Try());

    private static readonly TokenListParser<SqlToken, SelectItem> Item =
        Star.Or(from spanned in Spanned(Expression)
                from alias in Alias.OrNull()
                select (SelectItem)new ExprItem(spanned.Value, alias, spanned.Text));

    /// <summary><c>INDEXED BY name</c> / <c>NOT INDEXED</c>: SQLite's index hints, meaningless for a column scan.</summary>
    private static readonly TokenListParser<SqlToken, bool> IndexHint =
        Keyword("INDEXED").IgnoreThen(Keyword("BY")).IgnoreThen(Name).Value(true)
            .Or(Keyword("NOT").IgnoreThen(Keyword("INDEXED")).Value(true))
            .OptionalOrDefault(false);

    /// <summary><c>FOR SYSTEM_TIME AS OF expr</c> or <c>FOR SYSTEM_TIME AS OF CURRENT</c>, before or after the alias.</summary>
    private static readonly TokenListParser<SqlToken, SystemTimeAsOf> SystemTime =
        from _ in Keyword("FOR").IgnoreThen(Keyword("SYSTEM_TIME")).Try()
        from __ in Keyword("AS").IgnoreThen(Keyword("OF"))
        from timestamp in Keyword("CURRENT").Value((Expr?)null).Try().Or(Expression.Select(e => (Expr?)e))
        select new SystemTimeAsOf(timestamp);

    private static readonly TokenListParser<SqlToken, TableRef> Table =
        Unsupported.When<TableRef, Token<SqlToken>>(Token.EqualTo(SqlToken.LParen), "subqueries in FROM")
            .Or(from name in Name
                from qualified in Token.EqualTo(SqlToken.Dot).IgnoreThen(Name).OrNull()
                from systemTime in SystemTime.OrNull()
                from alias in Alias.OrNull()
                from systemTimeAfterAlias in systemTime is null ? SystemTime.OrNull() : Parse.Return<SqlToken, SystemTimeAsOf?>(null)
                from hint in IndexHint
                select new TableRef(qualified ?? name, alias, systemTime ?? systemTimeAfterAlias));

    /// <summary><c>[NATURAL] [INNER | CROSS | LEFT [OUTER]] JOIN</c>: whether it is a LEFT join and whether NATURAL.</summary>
    private static readonly TokenListParser<SqlToken, (bool LeftOuter, bool Natural)> JoinOperator =
        from natural in Keyword("NATURAL").Value(true).OptionalOrDefault(false)
        from leftOuter in Keyword("LEFT").IgnoreThen(Keyword("OUTER").OptionalOrDefault()).Value(true)
            .Or(Keyword("INNER").Or(Keyword("CROSS")).Value(false))
            .Or(Unsupported.When<bool, Token<SqlToken>>(Keyword("RIGHT").Or(Keyword("FULL")), "RIGHT and FULL joins"))
            .OptionalOrDefault(false)
        from _ in Keyword("JOIN")
        select (leftOuter, natural);

    private static readonly TokenListParser<SqlToken, string[]> UsingColumns =
        Keyword("USING").IgnoreThen(Token.EqualTo(SqlToken.LParen))
            .IgnoreThen(Name.AtLeastOnceDelimitedBy(Comma))
            .Then(names => Token.EqualTo(SqlToken.RParen).Value(names));

    private static readonly TokenListParser<SqlToken, JoinClause> Join =
        Comma.IgnoreThen(Table).Select(t => new JoinClause(false, false, t, null, []))
            .Or(from op in JoinOperator
                from table in Table
                from condition in Keyword("ON").IgnoreThen(Expression).OrNull()
                from usingColumns in condition is null ? UsingColumns.OptionalOrDefault([]) : Parse.Return<SqlToken, string[]>([])
                select new JoinClause(op.LeftOuter, op.Natural, table, condition, [.. usingColumns]));

    private static readonly TokenListParser<SqlToken, (TableRef Table, JoinClause[] Joins)> From =
        from _ in Keyword("FROM")
        from table in Table
        from joins in Join.Many()
        select (table, joins);

    internal static readonly TokenListParser<SqlToken, OrderingTerm> Ordering =
        from e in Expression
        from isDescending in Keyword("DESC").Value(true).Or(Keyword("ASC").Value(false)).OptionalOrDefault(false)
        from nulls in Keyword("NULLS").IgnoreThen(Keyword("FIRST").Value(NullsOrder.First).Or(Keyword("LAST").Value(NullsOrder.Last)))
            .OptionalOrDefault(NullsOrder.Default)
        select new OrderingTerm(e, isDescending, nulls);

    private static readonly TokenListParser<SqlToken, (Expr? Limit, Expr? Offset)> Limit =
        from _ in Keyword("LIMIT")
        from first in Expression
        from second in Keyword("OFFSET").IgnoreThen(Expression).Select(e => (e, false))
            .Or(Comma.IgnoreThen(Expression).Select(e => (e, true)))
            .OptionalOrDefault()
        select second.Item1 is null ? (first, (Expr?)null) : second.Item2 ? (second.Item1, first) : (first, second.Item1);

    private static readonly TokenListParser<SqlToken, SelectStatement> Select =
        from _ in Keyword("SELECT")
        from distinct in Keyword("DISTINCT").Value(true).Or(Keyword("ALL").Value(false)).OptionalOrDefault(false)
        from items in Item.AtLeastOnceDelimitedBy(Comma)
        from source in From.OptionalOrDefault()
        from filter in Keyword("WHERE").IgnoreThen(Expression).OrNull()
        from groupBy in Keyword("GROUP").IgnoreThen(Keyword("BY")).IgnoreThen(Expression.AtLeastOnceDelimitedBy(Comma))
            .OptionalOrDefault([])
        from having in Keyword("HAVING").IgnoreThen(Expression).OrNull()
        from windows in WindowParsers.WindowClause.OptionalOrDefault([])
        from setOperation in Unsupported.When<Token<SqlToken>, Token<SqlToken>>(
            Keyword("UNION").Or(Keyword("INTERSECT")).Or(Keyword("EXCEPT")), "set operations (UNION, INTERSECT, EXCEPT)").OptionalOrDefault()
        from orderBy in Keyword("ORDER").IgnoreThen(Keyword("BY")).IgnoreThen(Ordering.AtLeastOnceDelimitedBy(Comma))
            .OptionalOrDefault([])
        from limit in Limit.OptionalOrDefault()
        select new SelectStatement(distinct, [.. items], source.Table, filter, [.. groupBy], having, [.. orderBy], limit.Limit, limit.Offset)
        {
            Joins = source.Joins is null ? [] : [.. source.Joins],
            Windows = [.. windows],
        };

    public static readonly TokenListParser<SqlToken, SelectStatement> Statement =
        Unsupported.When<SelectStatement, Token<SqlToken>>(Keyword("WITH"), "common table expressions (WITH)")
            .Or(Unsupported.When<SelectStatement, Token<SqlToken>>(Keyword("VALUES"), "VALUES"))
            .Or(Select)
            .Then(s => Token.EqualTo(SqlToken.Semicolon).Many().Value(s))
            .AtEnd();

    /// <summary>A parser's value with the source text of the tokens it consumed (first token start to last token end).</summary>
    private static TokenListParser<SqlToken, (T Value, string Text)> Spanned<T>(TokenListParser<SqlToken, T> parser) => input =>
    {
        var result = parser(input);
        if (!result.HasValue)
        {
            return TokenListParserResult.CastEmpty<SqlToken, T, (T, string)>(result);
        }

        var cursor = input;
        Token<SqlToken> first = default, last = default;
        while (cursor.Position < result.Remainder.Position)
        {
            var next = cursor.ConsumeToken();
            if (cursor.Position == input.Position)
            {
                first = next.Value;
            }

            last = next.Value;
            cursor = next.Remainder;
        }

        var start = first.Span.Position.Absolute;
        var text = first.Span.Source!.Substring(start, last.Span.Position.Absolute + last.Span.Length - start);
        return TokenListParserResult.Value((result.Value, text), input, result.Remainder);
    };
}
