using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary><c>CASE [operand] WHEN .. THEN .. [ELSE ..] END</c>.</summary>
public sealed record CaseExpr(Expr? Operand, ImmutableArray<WhenClause> Whens, Expr? Else) : Expr;
