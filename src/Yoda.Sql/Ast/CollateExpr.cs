namespace Yoda.Sql.Ast;

/// <summary><c>x COLLATE name</c>: compare, order and group <see cref="Operand"/> by the named collating sequence.</summary>
public sealed record CollateExpr(Expr Operand, string Collation) : Expr;
