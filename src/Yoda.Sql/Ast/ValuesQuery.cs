using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary><c>VALUES (..), (..)</c>: rows of expressions, all of the same width; columns are named column1, column2, ….</summary>
public sealed record ValuesQuery(ImmutableArray<ImmutableArray<Expr>> Rows) : QueryExpr;
