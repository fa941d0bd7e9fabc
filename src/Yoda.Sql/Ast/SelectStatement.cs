using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary>One SELECT over at most one table.</summary>
public sealed record SelectStatement(
    bool Distinct,
    ImmutableArray<SelectItem> Columns,
    TableRef? From,
    Expr? Where,
    ImmutableArray<Expr> GroupBy,
    Expr? Having,
    ImmutableArray<OrderingTerm> OrderBy,
    Expr? Limit,
    Expr? Offset);
