using System.Collections.Immutable;
using System.Globalization;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;
using Yoda.Sql.Ast;
using static Yoda.Sql.Parsing.Keywords;

namespace Yoda.Sql.Parsing;

/// <summary>
/// Expression parsers composed in SQLite's precedence order, loosest first:
/// OR, AND, NOT, equality-like (= == != &lt;&gt; IS IN LIKE BETWEEN ISNULL NOTNULL), &lt; &lt;= &gt; &gt;=,
/// &amp; | &lt;&lt; &gt;&gt;, + -, * / %, ||, unary - + ~, primaries.
/// </summary>
internal static class ExpressionParsers
{
    public static readonly TokenListParser<SqlToken, Expr> Expression = Parse.Ref(() => Or!);

    public static readonly TokenListParser<SqlToken, string> Name =
        Tokens.Of(SqlToken.Identifier).Where(t => !IsReserved(t.ToStringValue()), "a name").Select(t => t.ToStringValue())
            .Or(Tokens.Of(SqlToken.QuotedIdentifier).Select(t => Unquote(t.ToStringValue())))
            .Named("name");

    private static readonly TokenListParser<SqlToken, Expr> StringLiteral =
        Tokens.Of(SqlToken.String).Select(t => (Expr)new LiteralExpr(Unquote(t.ToStringValue())));

    private static readonly TokenListParser<SqlToken, Expr> Literal =
        Tokens.Of(SqlToken.Integer).Select(t => (Expr)new LiteralExpr(IntegerValue(t.ToStringValue())))
            .Or(Tokens.Of(SqlToken.HexInteger).Select(t => (Expr)new LiteralExpr(HexValue(t))))
            .Or(Tokens.Of(SqlToken.Real).Select(t => (Expr)new LiteralExpr(double.Parse(t.ToStringValue(), CultureInfo.InvariantCulture))))
            .Or(StringLiteral)
            .Or(Tokens.Of(SqlToken.Blob).Select(t => (Expr)new LiteralExpr(Convert.FromHexString(t.ToStringValue()[2..^1]))))
            .Or(Keyword("NULL").Value((Expr)new LiteralExpr(null)))
            .Or(Keyword("TRUE").Value((Expr)new LiteralExpr(1L) { IsKeyword = true }))
            .Or(Keyword("FALSE").Value((Expr)new LiteralExpr(0L) { IsKeyword = true }))
            .Or(Keyword("CURRENT_TIMESTAMP").Or(Keyword("CURRENT_DATE")).Or(Keyword("CURRENT_TIME"))
                .Select(t => (Expr)new CurrentTimeExpr(t.ToStringValue().ToUpperInvariant())));

    private static readonly TokenListParser<SqlToken, Expr> Parameter =
        Tokens.Of(SqlToken.Parameter).Select(t => (Expr)new ParameterExpr(t.ToStringValue(), t.Span.Position.Absolute));

    /// <summary>A query inside parentheses whose opening parenthesis was consumed, with the closing one.</summary>
    private static readonly TokenListParser<SqlToken, QueryExpr> Subquery =
        from query in Parse.Ref(() => StatementParsers.Query)
        from _ in Tokens.Of(SqlToken.RParen)
        select query;

    private static readonly TokenListParser<SqlToken, Expr> Parenthesized =
        Tokens.Of(SqlToken.LParen).IgnoreThen(
            Subquery.Select(q => (Expr)new SubqueryExpr(q))
                .Or(from items in Expression.AtLeastOnceDelimitedBy(Tokens.Of(SqlToken.Comma))
                    from _ in Tokens.Of(SqlToken.RParen)
                    select items.Length == 1 ? items[0] : new RowValueExpr([.. items])));

    private static readonly TokenListParser<SqlToken, WhenClause> When =
        from _ in Keyword("WHEN")
        from condition in Expression
        from __ in Keyword("THEN")
        from result in Expression
        select new WhenClause(condition, result);

    private static readonly TokenListParser<SqlToken, Expr> Case =
        from _ in Keyword("CASE")
        from operand in Expression.OrNull()
        from whens in When.AtLeastOnce()
        from otherwise in Keyword("ELSE").IgnoreThen(Expression).OrNull()
        from __ in Keyword("END")
        select (Expr)new CaseExpr(operand, [.. whens], otherwise);

    private static readonly TokenListParser<SqlToken, string> TypeName =
        from words in Tokens.Of(SqlToken.Identifier).AtLeastOnce()
        from size in Tokens.Of(SqlToken.LParen)
            .IgnoreThen(Tokens.Of(SqlToken.Plus).Or(Tokens.Of(SqlToken.Minus)).OptionalOrDefault()
                .IgnoreThen(Tokens.Of(SqlToken.Integer).Or(Tokens.Of(SqlToken.Real)))
                .ManyDelimitedBy(Tokens.Of(SqlToken.Comma)))
            .Then(_ => Tokens.Of(SqlToken.RParen))
            .OptionalOrDefault()
        select string.Join(' ', words.Select(w => w.ToStringValue()));

    private static readonly TokenListParser<SqlToken, Expr> Cast =
        from _ in Keyword("CAST").IgnoreThen(Tokens.Of(SqlToken.LParen))
        from operand in Expression
        from __ in Keyword("AS")
        from type in TypeName
        from ___ in Tokens.Of(SqlToken.RParen)
        select (Expr)new CastExpr(operand, type);

    private static readonly TokenListParser<SqlToken, (bool Distinct, bool Star, Expr[] Args)> Arguments =
        Tokens.Of(SqlToken.Star).Value((false, true, Array.Empty<Expr>()))
            .Or(from distinct in Keyword("DISTINCT").Value(true).Or(Keyword("ALL").Value(false)).OptionalOrDefault(false)
                from args in Expression.ManyDelimitedBy(Tokens.Of(SqlToken.Comma))
                select (distinct, false, args));

    private static readonly TokenListParser<SqlToken, Expr> FunctionCall =
        from name in Tokens.Of(SqlToken.Identifier).Where(t => !IsReserved(t.ToStringValue()) || IsFunctionKeyword(t.ToStringValue()))
            .Then(n => Tokens.Of(SqlToken.LParen).Value(n)).Try()
        from args in Arguments
        from _ in Tokens.Of(SqlToken.RParen)
        from filter in Parse.Ref(() => WindowParsers.Filter).OrNull()
        from over in Parse.Ref(() => WindowParsers.Over).OrNull()
        select (Expr)new FunctionCallExpr(name.ToStringValue().ToLowerInvariant(), [.. args.Args], args.Distinct, args.Star)
        {
            Filter = filter,
            Over = over,
        };

    private static readonly TokenListParser<SqlToken, Expr> ColumnRef =
        from first in Name
        from second in Tokens.Of(SqlToken.Dot).IgnoreThen(Name).Try().OrNull()
        select (Expr)(second is null ? new ColumnRefExpr(null, first) : new ColumnRefExpr(first, second));

    private static readonly TokenListParser<SqlToken, Expr> Primary =
        Literal
            .Or(Parameter)
            .Or(Parenthesized)
            .Or(Case)
            .Or(Cast)
            .Or(Keyword("EXISTS").IgnoreThen(Tokens.Of(SqlToken.LParen)).IgnoreThen(Subquery).Select(q => (Expr)new ExistsExpr(q)))
            .Or(Unsupported.When<Expr, Token<SqlToken>>(Keyword("RAISE"), "RAISE"))
            .Or(FunctionCall)
            .Or(ColumnRef)
            .Named("expression");

    private static readonly TokenListParser<SqlToken, Expr> Collated =
        from e in Primary
        from collations in Keyword("COLLATE").IgnoreThen(Name.Or(Tokens.Of(SqlToken.String).Select(t => Unquote(t.ToStringValue())))).Many()
        select collations.Aggregate(e, (operand, collation) => new CollateExpr(operand, collation));

    /// <summary>SQLite reads <c>-9223372036854775808</c> as the smallest integer, not as a negated REAL.</summary>
    private static readonly TokenListParser<SqlToken, Expr> MinInteger =
        Tokens.Of(SqlToken.Minus).IgnoreThen(Token.EqualToValue(SqlToken.Integer, "9223372036854775808"))
            .Value((Expr)new LiteralExpr(long.MinValue)).Try();

    private static readonly TokenListParser<SqlToken, Expr> Unary =
        MinInteger
            .Or(from op in Tokens.Of(SqlToken.Minus).Value(UnaryOperator.Negate)
                    .Or(Tokens.Of(SqlToken.Plus).Value(UnaryOperator.Plus))
                    .Or(Tokens.Of(SqlToken.Tilde).Value(UnaryOperator.BitNot))
                from operand in Parse.Ref(() => Unary!)
                select (Expr)new UnaryExpr(op, operand))
            .Or(Collated);

    private static readonly TokenListParser<SqlToken, Expr> Concatenation = Binary(Unary,
        Op(SqlToken.Concat, BinaryOperator.Concat),
        Unsupported.When<BinaryOperator, Token<SqlToken>>(Tokens.Of(SqlToken.Arrow).Or(Tokens.Of(SqlToken.DoubleArrow)), "JSON operators -> and ->>"));

    private static readonly TokenListParser<SqlToken, Expr> Multiplicative = Binary(Concatenation,
        Op(SqlToken.Star, BinaryOperator.Multiply), Op(SqlToken.Slash, BinaryOperator.Divide), Op(SqlToken.Percent, BinaryOperator.Modulo));

    private static readonly TokenListParser<SqlToken, Expr> Additive = Binary(Multiplicative,
        Op(SqlToken.Plus, BinaryOperator.Add), Op(SqlToken.Minus, BinaryOperator.Subtract));

    private static readonly TokenListParser<SqlToken, Expr> Bitwise = Binary(Additive,
        Op(SqlToken.Ampersand, BinaryOperator.BitAnd), Op(SqlToken.Pipe, BinaryOperator.BitOr),
        Op(SqlToken.ShiftLeft, BinaryOperator.ShiftLeft), Op(SqlToken.ShiftRight, BinaryOperator.ShiftRight));

    private static readonly TokenListParser<SqlToken, Expr> Comparison = Binary(Bitwise,
        Op(SqlToken.Less, BinaryOperator.Less), Op(SqlToken.LessOrEqual, BinaryOperator.LessOrEqual),
        Op(SqlToken.Greater, BinaryOperator.Greater), Op(SqlToken.GreaterOrEqual, BinaryOperator.GreaterOrEqual));

    private static readonly TokenListParser<SqlToken, Func<Expr, Expr>> PlainSuffix = NegatableSuffix(false);

    private static readonly TokenListParser<SqlToken, Func<Expr, Expr>> NegatedSuffix = NegatableSuffix(true);

    private static readonly TokenListParser<SqlToken, Func<Expr, Expr>> EqualitySuffix =
        (from op in Op(SqlToken.Equal, BinaryOperator.Equal).Or(Op(SqlToken.NotEqual, BinaryOperator.NotEqual))
         from right in Comparison
         select (Func<Expr, Expr>)(left => new BinaryExpr(op, left, right)))
        .Or(from _ in Keyword("IS")
            from not in Keyword("NOT").Value(true).OptionalOrDefault(false)
            from distinct in Keyword("DISTINCT").IgnoreThen(Keyword("FROM")).Value(true).OptionalOrDefault(false)
            from right in Comparison
            select (Func<Expr, Expr>)(left => new BinaryExpr(not ^ distinct ? BinaryOperator.IsNot : BinaryOperator.Is, left, right)))
        .Or(Keyword("ISNULL").Value((Func<Expr, Expr>)(left => new IsNullExpr(left, false))))
        .Or(Keyword("NOTNULL").Value((Func<Expr, Expr>)(left => new IsNullExpr(left, true))))
        .Or(from not in Keyword("NOT").Value(true).OptionalOrDefault(false)
            from suffix in not ? NegatedSuffix : PlainSuffix
            select suffix);

    private static TokenListParser<SqlToken, Func<Expr, Expr>> NegatableSuffix(bool not) =>
        Keyword("NULL").Where(_ => not, "NOT NULL").Value((Func<Expr, Expr>)(left => new IsNullExpr(left, true)))
            .Or(from _ in Keyword("IN").IgnoreThen(Tokens.Of(SqlToken.LParen)).Try()
                from suffix in Subquery.Select(q => (Func<Expr, Expr>)(left => new InSubqueryExpr(left, q, not)))
                    .Or(from items in Expression.ManyDelimitedBy(Tokens.Of(SqlToken.Comma))
                        from __ in Tokens.Of(SqlToken.RParen)
                        select (Func<Expr, Expr>)(left => new InListExpr(left, [.. items], not)))
                select suffix)
            .Or(from _ in Keyword("IN")
                from table in Name
                select (Func<Expr, Expr>)(left => new InSubqueryExpr(left, AllRowsOf(table), not)))
            .Or(from _ in Keyword("LIKE")
                from pattern in Comparison
                from escape in Keyword("ESCAPE").IgnoreThen(Comparison).OrNull()
                select (Func<Expr, Expr>)(left => new LikeExpr(left, pattern, escape, not)))
            .Or(from _ in Keyword("BETWEEN")
                from low in Comparison
                from __ in Keyword("AND")
                from high in Comparison
                select (Func<Expr, Expr>)(left => new BetweenExpr(left, low, high, not)))
            .Or(from _ in Keyword("GLOB")
                from pattern in Comparison
                select (Func<Expr, Expr>)(left => Negatable(new FunctionCallExpr("glob", [pattern, left], false, false), not)))
            .Or(Unsupported.When<Func<Expr, Expr>, Token<SqlToken>>(Keyword("REGEXP"), "REGEXP"))
            .Or(Unsupported.When<Func<Expr, Expr>, Token<SqlToken>>(Keyword("MATCH"), "MATCH"));

    private static readonly TokenListParser<SqlToken, Expr> Equality =
        from first in Comparison
        from suffixes in EqualitySuffix.Many()
        select suffixes.Aggregate(first, (left, suffix) => suffix(left));

    private static readonly TokenListParser<SqlToken, Expr> Not =
        (from _ in Keyword("NOT")
         from operand in Parse.Ref(() => Not!)
         select (Expr)new UnaryExpr(UnaryOperator.Not, operand))
        .Or(Equality);

    private static readonly TokenListParser<SqlToken, Expr> And = Binary(Not, Keyword("AND").Value(BinaryOperator.And));

    private static readonly TokenListParser<SqlToken, Expr> Or = Binary(And, Keyword("OR").Value(BinaryOperator.Or));

    /// <summary><c>x IN t</c> is <c>x IN (SELECT * FROM t)</c>.</summary>
    private static SelectStatement AllRowsOf(string table) =>
        new(false, [new StarItem(null)], new TableRef(table, null), null, [], null, [], null, null);

    /// <summary>Keywords that are also the names of functions: <c>glob(p, x)</c>, <c>like(p, x)</c>.</summary>
    private static bool IsFunctionKeyword(string word) =>
        word.Equals("GLOB", StringComparison.OrdinalIgnoreCase) || word.Equals("LIKE", StringComparison.OrdinalIgnoreCase);

    private static Expr Negatable(Expr e, bool not) => not ? new UnaryExpr(UnaryOperator.Not, e) : e;

    public static string Unquote(string quoted)
    {
        var (open, close) = (quoted[0], quoted[^1]);
        var inner = quoted[1..^1];
        return open == '[' ? inner : inner.Replace(new string(close, 2), new string(close, 1), StringComparison.Ordinal);
    }

    private static TokenListParser<SqlToken, BinaryOperator> Op(SqlToken kind, BinaryOperator op) => Tokens.Of(kind).Value(op);

    private static TokenListParser<SqlToken, Expr> Binary(TokenListParser<SqlToken, Expr> operand, params TokenListParser<SqlToken, BinaryOperator>[] operators) =>
        Parse.Chain(operators.Aggregate((a, b) => a.Or(b)), operand, (op, left, right) => new BinaryExpr(op, left, right));

    private static object IntegerValue(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? (object)value
            : double.Parse(text, CultureInfo.InvariantCulture);

    private static long HexValue(Token<SqlToken> token)
    {
        var digits = token.ToStringValue()[2..].TrimStart('0');
        if (digits.Length > 16)
        {
            throw new SqlParseException($"hex literal too big: {token.ToStringValue()}", token.Position.Line, token.Position.Column);
        }

        return digits.Length == 0 ? 0 : unchecked((long)ulong.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
