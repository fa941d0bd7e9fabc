using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Sql.Binding;

/// <summary>An aggregate call; after aggregation it is read from the aggregate operator's output.</summary>
internal sealed record BoundAggregate(AggregateFunction Function, BoundExpr? Argument, bool Distinct, ValueKind ResultKind) : BoundExpr(ResultKind)
{
    /// <summary>The second input, if any: group_concat's separator (TEXT), or the folded text a min()/max() or a group_concat(DISTINCT) under NOCASE or RTRIM compares.</summary>
    public BoundExpr? Key { get; init; }

    public override IReadOnlyList<BoundExpr> Children => [.. Argument is null ? [] : new[] { Argument }, .. Key is null ? [] : new[] { Key }];

    public override string Text => Function == AggregateFunction.CountStar
        ? "count(*)"
        : $"{Function.ToString().ToLowerInvariant()}({(Distinct ? "DISTINCT " : string.Empty)}{Argument!.Text}{(Key is null ? string.Empty : ", " + Key.Text)})";
}
