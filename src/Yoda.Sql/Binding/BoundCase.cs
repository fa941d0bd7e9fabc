using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>A searched CASE whose branch values all have <see cref="BoundExpr.Kind"/>.</summary>
internal sealed record BoundCase(ValueKind ResultKind, IReadOnlyList<(BoundExpr When, BoundExpr Then)> Branches, BoundExpr? Else)
    : BoundExpr(ResultKind)
{
    public override IReadOnlyList<BoundExpr> Children =>
        [.. Branches.SelectMany(b => new[] { b.When, b.Then }), .. Else is null ? Array.Empty<BoundExpr>() : [Else]];

    public override string Text =>
        $"CASE {string.Join(' ', Branches.Select(b => $"WHEN {b.When.Text} THEN {b.Then.Text}"))}{(Else is null ? string.Empty : " ELSE " + Else.Text)} END";
}
