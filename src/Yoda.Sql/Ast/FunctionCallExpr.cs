using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary>
/// A function call; <see cref="Star"/> for <c>count(*)</c>, <see cref="Filter"/> for
/// <c>FILTER (WHERE ..)</c> and <see cref="Over"/> for a window function call.
/// </summary>
public sealed record FunctionCallExpr(string Name, ImmutableArray<Expr> Arguments, bool Distinct, bool Star) : Expr
{
    public Expr? Filter { get; init; }

    public WindowSpec? Over { get; init; }
}
