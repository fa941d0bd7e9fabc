using System.Collections.Immutable;
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
    private static readonly TokenListParser<SqlToken, Token<SqlToken>> Comma = Tokens.Of(SqlToken.Comma);

    private static readonly TokenListParser<SqlToken, string> Alias =
        Keyword("AS").IgnoreThen(Name.Or(Tokens.Of(SqlToken.String).Select(t => Unquote(t.ToStringValue()))))
            .Or(Name)
            .Or(Tokens.Of(SqlToken.String).Select(t => Unquote(t.ToStringValue())));

    private static readonly TokenListParser<SqlToken, SelectItem> Star =
        Tokens.Of(SqlToken.Star).Value((SelectItem)new StarItem(null))
            .Or(Name.Then(table => Tokens.Of(SqlToken.Dot).IgnoreThen(Tokens.Of(SqlToken.Star)).Value((SelectItem)new StarItem(table))).Try());

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
        (from _ in Tokens.Of(SqlToken.LParen).Then(open => FollowedBy(Keyword("SELECT").Or(Keyword("WITH")).Or(Keyword("VALUES"))).Value(open)).Try()
                .Or(Unsupported.When<Token<SqlToken>, Token<SqlToken>>(Tokens.Of(SqlToken.LParen), "parenthesized joins in FROM"))
         from query in Parse.Ref(() => Query!)
         from __ in Tokens.Of(SqlToken.RParen)
         from alias in Alias.OrNull()
         from hint in IndexHint
         select new TableRef(alias ?? "(subquery)", alias) { Subquery = query })
            .Or(from name in Name
                from qualified in Tokens.Of(SqlToken.Dot).IgnoreThen(Name).OrNull()
                from systemTime in SystemTime.OrNull()
                from alias in Alias.OrNull()
                from systemTimeAfterAlias in systemTime is null ? SystemTime.OrNull() : Parse.Return<SqlToken, SystemTimeAsOf?>(null)
                from hint in IndexHint
                select new TableRef(qualified ?? name, alias, systemTime ?? systemTimeAfterAlias));

    /// <summary><c>[NATURAL] [INNER | CROSS | LEFT | RIGHT | FULL [OUTER]] JOIN</c>: which sides are outer, and whether NATURAL.</summary>
    private static readonly TokenListParser<SqlToken, (bool Left, bool Right, bool Natural)> JoinOperator =
        from natural in Keyword("NATURAL").Value(true).OptionalOrDefault(false)
        from sides in Keyword("LEFT").Value((true, false))
            .Or(Keyword("RIGHT").Value((false, true)))
            .Or(Keyword("FULL").Value((true, true)))
            .Then(side => Keyword("OUTER").OptionalOrDefault().Value(side))
            .Or(Keyword("INNER").Or(Keyword("CROSS")).Value((false, false)))
            .OptionalOrDefault((false, false))
        from _ in Keyword("JOIN")
        select (sides.Item1, sides.Item2, natural);

    private static readonly TokenListParser<SqlToken, string[]> UsingColumns =
        Keyword("USING").IgnoreThen(Tokens.Of(SqlToken.LParen))
            .IgnoreThen(Name.AtLeastOnceDelimitedBy(Comma))
            .Then(names => Tokens.Of(SqlToken.RParen).Value(names));

    private static readonly TokenListParser<SqlToken, JoinClause> Join =
        Comma.IgnoreThen(Table).Select(t => new JoinClause(false, false, t, null, []))
            .Or(from op in JoinOperator
                from table in Table
                from condition in Keyword("ON").IgnoreThen(Expression).OrNull()
                from usingColumns in condition is null ? UsingColumns.OptionalOrDefault([]) : Parse.Return<SqlToken, string[]>([])
                select new JoinClause(op.Left, op.Natural, table, condition, [.. usingColumns]) { RightOuter = op.Right });

    /// <summary>
    /// <c>( t1 JOIN t2 … )</c> as the first item of FROM: the same as without the parentheses,
    /// since joins associate to the left.
    /// </summary>
    private static readonly TokenListParser<SqlToken, (TableRef Table, JoinClause[] Joins)> ParenthesizedJoins =
        from _ in Tokens.Of(SqlToken.LParen)
        from table in Table
        from joins in Join.Many()
        from __ in Tokens.Of(SqlToken.RParen)
        select (table, joins);

    private static readonly TokenListParser<SqlToken, (TableRef Table, JoinClause[] Joins)> From =
        from _ in Keyword("FROM")
        from first in ParenthesizedJoins.Try().Or(Table.Select(t => (t, Array.Empty<JoinClause>())))
        from joins in Join.Many()
        select (first.Item1, first.Item2.Concat(joins).ToArray());

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
        select new SelectStatement(distinct, [.. items], source.Table, filter, [.. groupBy], having, [], null, null)
        {
            Joins = source.Joins is null ? [] : [.. source.Joins],
            Windows = [.. windows],
        };

    private static readonly TokenListParser<SqlToken, Expr[]> ValuesRow =
        from _ in Tokens.Of(SqlToken.LParen)
        from values in Expression.AtLeastOnceDelimitedBy(Comma)
        from __ in Tokens.Of(SqlToken.RParen)
        select values;

    private static readonly TokenListParser<SqlToken, QueryExpr> Values =
        from _ in Keyword("VALUES")
        from rows in ValuesRow.AtLeastOnceDelimitedBy(Comma)
        select (QueryExpr)new ValuesQuery([.. rows.Select(r => r.ToImmutableArray())]);

    private static readonly TokenListParser<SqlToken, QueryExpr> Core = Select.Select(s => (QueryExpr)s).Or(Values);

    private static readonly TokenListParser<SqlToken, SetOperator> CompoundOperator =
        Keyword("UNION").IgnoreThen(Keyword("ALL").Value(SetOperator.UnionAll).OptionalOrDefault(SetOperator.Union))
            .Or(Keyword("INTERSECT").Value(SetOperator.Intersect))
            .Or(Keyword("EXCEPT").Value(SetOperator.Except));

    private static readonly TokenListParser<SqlToken, QueryExpr> Compound =
        from first in Core
        from rest in CompoundOperator.Then(op => Core.Select(term => (op, term))).Many()
        from orderBy in (rest.Length == 0 ? first : rest[^1].term) is ValuesQuery
            ? Parse.Return<SqlToken, OrderingTerm[]>([])
            : Keyword("ORDER").IgnoreThen(Keyword("BY")).IgnoreThen(Ordering.AtLeastOnceDelimitedBy(Comma))
            .OptionalOrDefault([])
        from limit in (rest.Length == 0 ? first : rest[^1].term) is ValuesQuery
            ? Parse.Return<SqlToken, (Expr? Limit, Expr? Offset)>((null, null))
            : Limit.OptionalOrDefault()
        select rest.Length == 0 && first is SelectStatement single
            ? single with { OrderBy = [.. orderBy], Limit = limit.Limit, Offset = limit.Offset }
            : rest.Length == 0 && orderBy.Length == 0 && limit.Limit is null
                ? first
                : new CompoundQuery([first, .. rest.Select(r => r.term)], [.. rest.Select(r => r.op)], [.. orderBy], limit.Limit, limit.Offset);

    private static readonly TokenListParser<SqlToken, CommonTableExpr> CommonTable =
        from name in Name
        from columns in Tokens.Of(SqlToken.LParen).IgnoreThen(Name.AtLeastOnceDelimitedBy(Comma)).Then(c => Tokens.Of(SqlToken.RParen).Value(c))
            .OptionalOrDefault([])
        from _ in Keyword("AS")
        from materialized in Keyword("NOT").OptionalOrDefault().IgnoreThen(Keyword("MATERIALIZED")).Try().OptionalOrDefault()
        from __ in Tokens.Of(SqlToken.LParen)
        from query in Parse.Ref(() => Query!)
        from ___ in Tokens.Of(SqlToken.RParen)
        select new CommonTableExpr(name, [.. columns], query);

    /// <summary>A whole query: <c>[WITH [RECURSIVE] cte, …] core [op core]… [ORDER BY …] [LIMIT …]</c>.</summary>
    public static readonly TokenListParser<SqlToken, QueryExpr> Query =
        (from _ in Keyword("WITH")
         from recursive in Keyword("RECURSIVE").Value(true).OptionalOrDefault(false)
         from tables in CommonTable.AtLeastOnceDelimitedBy(Comma)
         from body in Compound
         select (QueryExpr)new WithQuery([.. tables], recursive, body))
        .Or(Compound);

    public static readonly TokenListParser<SqlToken, QueryExpr> Statement =
        Query.Then(s => Tokens.Of(SqlToken.Semicolon).Many().Value(s)).AtEnd();

    /// <summary>Succeeds without consuming anything when <paramref name="parser"/> would succeed here.</summary>
    private static TokenListParser<SqlToken, bool> FollowedBy<T>(TokenListParser<SqlToken, T> parser) => input =>
        parser(input).HasValue
            ? TokenListParserResult.Value(true, input, input)
            : TokenListParserResult.Empty<SqlToken, bool>(input, ["a query"]);

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
