using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

public sealed record InListExpr(Expr Operand, ImmutableArray<Expr> Items, bool Negated) : Expr;
