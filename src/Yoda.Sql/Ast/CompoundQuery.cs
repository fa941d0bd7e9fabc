using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary>
/// <c>t1 op1 t2 op2 t3 …</c> with the ORDER BY / LIMIT / OFFSET that apply to the whole result.
/// <see cref="Operators"/> has one entry fewer than <see cref="Terms"/> (none for a lone VALUES with ORDER BY or LIMIT).
/// </summary>
public sealed record CompoundQuery(
    ImmutableArray<QueryExpr> Terms,
    ImmutableArray<SetOperator> Operators,
    ImmutableArray<OrderingTerm> OrderBy,
    Expr? Limit,
    Expr? Offset) : QueryExpr;
