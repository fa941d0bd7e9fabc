namespace Yoda.Sql.Ast;

public sealed record WhenClause(Expr When, Expr Then);
