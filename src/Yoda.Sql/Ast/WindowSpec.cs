using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary>
/// A window: <c>OVER (base PARTITION BY .. ORDER BY .. frame)</c> or <c>OVER name</c> (then only
/// <see cref="BaseName"/> is set). <see cref="BaseName"/> names a window of the WINDOW clause to extend.
/// </summary>
public sealed record WindowSpec(string? BaseName, ImmutableArray<Expr> PartitionBy, ImmutableArray<OrderingTerm> OrderBy, FrameSpec? Frame)
{
    /// <summary><c>OVER name</c> without parentheses: exactly the named window.</summary>
    public bool IsReference { get; init; }
}
