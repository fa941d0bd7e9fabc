namespace Yoda.Sql.Ast;

/// <summary>A bound-parameter placeholder as written, with its offset in the text (the binder looks its SQLite index up by offset).</summary>
public sealed record ParameterExpr(string Text, int Offset) : Expr;
