namespace Yoda.Sql.Ast;

/// <summary>A constant: <see langword="null"/>, a <see cref="long"/>, a <see cref="double"/>, a <see cref="string"/> or a <see cref="byte"/> array.</summary>
public sealed record LiteralExpr(object? Value) : Expr;
