using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary>One <c>name [(columns)] AS (query)</c> of a WITH clause; <see cref="Columns"/> is empty when no list is given.</summary>
public sealed record CommonTableExpr(string Name, ImmutableArray<string> Columns, QueryExpr Query);
