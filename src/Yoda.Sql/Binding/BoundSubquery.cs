using Yoda.Columnar.Execution;
using Yoda.Sql.Planning;

namespace Yoda.Sql.Binding;

/// <summary>
/// A subquery used as a value: scalar, EXISTS or <c>operand [NOT] IN (…)</c>. Its children are the
/// operand (for IN) and the outer expressions the subquery reads (<see cref="Frame"/>), so that the
/// enclosing query scans, groups and places it like any expression over those.
/// </summary>
internal sealed record BoundSubquery(
    SubqueryMode Mode, PhysicalPlan Plan, CorrelationFrame Frame, BoundExpr? Operand, bool Negated, Affinity InAffinity, int Number, ValueKind ResultKind)
    : BoundExpr(ResultKind)
{
    public CancellationToken Cancellation { get; init; }

    public override Affinity Affinity => Mode == SubqueryMode.Scalar ? Plan.Columns[0].Affinity : Affinity.None;

    public override IReadOnlyList<BoundExpr> Children => Operand is null ? Frame.References : [Operand, .. Frame.References];

    public override string Text => Mode switch
    {
        SubqueryMode.Scalar => $"subquery#{Number}",
        SubqueryMode.Exists => $"exists(subquery#{Number})",
        SubqueryMode.ExistsMatch => $"exists({Operand!.Text} IN subquery#{Number})",
        SubqueryMode.InKeyed => $"{Operand!.Text} {(Negated ? "NOT IN" : "IN")} subquery#{Number} keyed by {Frame.References[0].Text}",
        _ => $"{Operand!.Text} {(Negated ? "NOT IN" : "IN")} subquery#{Number}",
    };
}
