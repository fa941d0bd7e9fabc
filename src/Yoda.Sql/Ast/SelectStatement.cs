using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary>One SELECT over the FROM table and the tables joined to it (<see cref="Joins"/>).</summary>
public sealed record SelectStatement(
    bool Distinct,
    ImmutableArray<SelectItem> Columns,
    TableRef? From,
    Expr? Where,
    ImmutableArray<Expr> GroupBy,
    Expr? Having,
    ImmutableArray<OrderingTerm> OrderBy,
    Expr? Limit,
    Expr? Offset) : QueryExpr
{
    public ImmutableArray<JoinClause> Joins { get; init; } = [];

    /// <summary>The WINDOW clause: windows that OVER clauses name.</summary>
    public ImmutableArray<NamedWindow> Windows { get; init; } = [];
}
