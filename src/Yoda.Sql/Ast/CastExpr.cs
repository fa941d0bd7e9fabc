namespace Yoda.Sql.Ast;

/// <summary><c>CAST(x AS type)</c>; <see cref="TypeName"/> is the type as written (affinity comes from it).</summary>
public sealed record CastExpr(Expr Operand, string TypeName) : Expr;
