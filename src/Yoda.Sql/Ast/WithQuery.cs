using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary><c>WITH [RECURSIVE] cte, … body</c>: each CTE may refer to the ones before it (and, if RECURSIVE, to itself).</summary>
public sealed record WithQuery(ImmutableArray<CommonTableExpr> Tables, bool Recursive, QueryExpr Body) : QueryExpr;
