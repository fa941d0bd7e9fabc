namespace Yoda.Sql.Ast;

/// <summary>Anything that yields rows: a SELECT, a VALUES list, a compound select or a query with a WITH clause.</summary>
public abstract record QueryExpr;
