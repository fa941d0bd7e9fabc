using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Sql.Binding;

/// <summary>An aggregate call; after aggregation it is read from the aggregate operator's output.</summary>
internal sealed record BoundAggregate(AggregateFunction Function, BoundExpr? Argument, bool Distinct, ValueKind ResultKind) : BoundExpr(ResultKind)
{
    /// <summary>group_concat's separator (TEXT), if given.</summary>
    public BoundExpr? Separator { get; init; }

    public override IReadOnlyList<BoundExpr> Children => [.. Argument is null ? [] : new[] { Argument }, .. Separator is null ? [] : new[] { Separator }];

    public override string Text => Function == AggregateFunction.CountStar
        ? "count(*)"
        : $"{Function.ToString().ToLowerInvariant()}({(Distinct ? "DISTINCT " : string.Empty)}{Argument!.Text}{(Separator is null ? string.Empty : ", " + Separator.Text)})";
}
