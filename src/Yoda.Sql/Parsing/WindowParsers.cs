using Superpower;
using Superpower.Model;
using Superpower.Parsers;
using Yoda.Columnar.Execution.Windows;
using Yoda.Sql.Ast;
using static Yoda.Sql.Parsing.ExpressionParsers;
using static Yoda.Sql.Parsing.Keywords;

namespace Yoda.Sql.Parsing;

/// <summary>Window syntax: <c>OVER (..)</c> / <c>OVER name</c>, <c>FILTER (WHERE ..)</c> and the WINDOW clause.</summary>
internal static class WindowParsers
{
    private static readonly TokenListParser<SqlToken, Token<SqlToken>> LParen = Tokens.Of(SqlToken.LParen);
    private static readonly TokenListParser<SqlToken, Token<SqlToken>> RParen = Tokens.Of(SqlToken.RParen);
    private static readonly TokenListParser<SqlToken, Token<SqlToken>> Comma = Tokens.Of(SqlToken.Comma);

    /// <summary>A window name; the words that start the clauses of a window spec are not names there.</summary>
    private static readonly TokenListParser<SqlToken, string> WindowName =
        Name.Where(n => !IsClauseWord(n), "a window name");

    private static readonly TokenListParser<SqlToken, FrameBoundSpec> Bound =
        Keyword("UNBOUNDED").IgnoreThen(
                Keyword("PRECEDING").Value(new FrameBoundSpec(FrameBoundKind.UnboundedPreceding, null))
                    .Or(Keyword("FOLLOWING").Value(new FrameBoundSpec(FrameBoundKind.UnboundedFollowing, null))))
            .Try()
            .Or(Keyword("CURRENT").IgnoreThen(Keyword("ROW")).Value(new FrameBoundSpec(FrameBoundKind.CurrentRow, null)).Try())
            .Or(from offset in Expression
                from kind in Keyword("PRECEDING").Value(FrameBoundKind.Preceding).Or(Keyword("FOLLOWING").Value(FrameBoundKind.Following))
                select new FrameBoundSpec(kind, offset));

    private static readonly TokenListParser<SqlToken, FrameExclusion> Exclusion =
        Keyword("EXCLUDE").IgnoreThen(
                Keyword("NO").IgnoreThen(Keyword("OTHERS")).Value(FrameExclusion.NoOthers)
                    .Or(Keyword("CURRENT").IgnoreThen(Keyword("ROW")).Value(FrameExclusion.CurrentRow))
                    .Or(Keyword("GROUP").Value(FrameExclusion.Group))
                    .Or(Keyword("TIES").Value(FrameExclusion.Ties)))
            .OptionalOrDefault(FrameExclusion.NoOthers);

    private static readonly TokenListParser<SqlToken, FrameSpec> Frame =
        from unit in Keyword("ROWS").Value(FrameUnit.Rows).Or(Keyword("RANGE").Value(FrameUnit.Range)).Or(Keyword("GROUPS").Value(FrameUnit.Groups))
        from bounds in Keyword("BETWEEN").IgnoreThen(
                from start in Bound
                from _ in Keyword("AND")
                from end in Bound
                select (start, end))
            .Or(Bound.Select(start => (start, new FrameBoundSpec(FrameBoundKind.CurrentRow, null))))
        from exclusion in Exclusion
        select new FrameSpec(unit, bounds.Item1, bounds.Item2, exclusion);

    private static readonly TokenListParser<SqlToken, WindowSpec> Spec =
        from baseName in WindowName.OrNull()
        from partitionBy in Keyword("PARTITION").IgnoreThen(Keyword("BY")).IgnoreThen(Expression.AtLeastOnceDelimitedBy(Comma)).OptionalOrDefault([])
        from orderBy in Keyword("ORDER").IgnoreThen(Keyword("BY")).IgnoreThen(Parse.Ref(() => StatementParsers.Ordering).AtLeastOnceDelimitedBy(Comma))
            .OptionalOrDefault([])
        from frame in Frame.OrNull()
        select new WindowSpec(baseName, [.. partitionBy], [.. orderBy], frame);

    /// <summary><c>OVER (spec)</c> or <c>OVER name</c>.</summary>
    public static readonly TokenListParser<SqlToken, WindowSpec> Over =
        Keyword("OVER").IgnoreThen(
            LParen.IgnoreThen(Spec).Then(spec => RParen.Value(spec))
                .Or(WindowName.Select(name => new WindowSpec(name, [], [], null) { IsReference = true })));

    /// <summary><c>FILTER (WHERE condition)</c>.</summary>
    public static readonly TokenListParser<SqlToken, Expr> Filter =
        from _ in Keyword("FILTER").IgnoreThen(LParen).IgnoreThen(Keyword("WHERE"))
        from condition in Expression
        from __ in RParen
        select condition;

    /// <summary><c>WINDOW name AS (spec), ...</c>.</summary>
    public static readonly TokenListParser<SqlToken, NamedWindow[]> WindowClause =
        Keyword("WINDOW").IgnoreThen(
            (from name in WindowName
             from _ in Keyword("AS").IgnoreThen(LParen)
             from spec in Spec
             from __ in RParen
             select new NamedWindow(name, spec)).AtLeastOnceDelimitedBy(Comma));

    private static bool IsClauseWord(string word) =>
        word.ToUpperInvariant() is "PARTITION" or "ORDER" or "ROWS" or "RANGE" or "GROUPS";
}
