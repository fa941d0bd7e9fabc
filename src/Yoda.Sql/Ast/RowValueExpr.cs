using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary>A row value <c>(a, b, …)</c> of two or more expressions: it may only be compared (SQLite's "row value misused" elsewhere).</summary>
public sealed record RowValueExpr(ImmutableArray<Expr> Items) : Expr;
