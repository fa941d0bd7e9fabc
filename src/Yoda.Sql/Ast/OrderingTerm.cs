namespace Yoda.Sql.Ast;

public sealed record OrderingTerm(Expr Expr, bool Descending, NullsOrder Nulls);
