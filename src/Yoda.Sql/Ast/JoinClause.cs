using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary>
/// One table joined to the tables before it: <c>, t</c>, <c>[NATURAL] [INNER|CROSS|LEFT|RIGHT|FULL [OUTER]] JOIN t</c>,
/// with an <c>ON</c> condition or a <c>USING</c> column list (empty when there is none). A FULL join is
/// both <see cref="LeftOuter"/> and <see cref="RightOuter"/>.
/// </summary>
public sealed record JoinClause(bool LeftOuter, bool Natural, TableRef Table, Expr? On, ImmutableArray<string> Using)
{
    public bool RightOuter { get; init; }
}
