using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Windows;

namespace Yoda.Sql.Binding;

/// <summary>
/// A window function call: its arguments, the window's PARTITION BY and ORDER BY (bound like any
/// expression of the SELECT list) and its frame; <see cref="Parameter"/> is ntile's n, lag/lead's
/// offset or nth_value's N, unless <see cref="ParameterPerRow"/>: then it is the last argument.
/// After the window operator it is read from that operator's output.
/// </summary>
internal sealed record BoundWindow(
    WindowFunctionKind Function,
    string Name,
    IReadOnlyList<BoundExpr> Arguments,
    IReadOnlyList<BoundExpr> PartitionBy,
    IReadOnlyList<BoundOrdering> OrderBy,
    WindowFrame Frame,
    long Parameter,
    ValueKind ResultKind) : BoundExpr(ResultKind)
{
    public bool ParameterPerRow { get; init; }

    public override IReadOnlyList<BoundExpr> Children => [.. Arguments, .. PartitionBy, .. OrderBy.Select(o => o.Expr)];

    public string WindowText =>
        $"PARTITION BY [{string.Join(", ", PartitionBy.Select(p => p.Text))}] ORDER BY [{string.Join(", ", OrderBy.Select(o =>
            $"{o.Expr.Text} {(o.Descending ? "DESC" : "ASC")} NULLS {(o.NullsFirst ? "FIRST" : "LAST")}"))}] {Frame}";

    public override string Text => $"{Name}({string.Join(", ", Arguments.Select(a => a.Text))}; {Parameter}) OVER ({WindowText})";
}
