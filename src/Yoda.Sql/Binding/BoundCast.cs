using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>A conversion to another storage class (explicit CAST, or implicit widening / affinity); a <see cref="ValueKind.Dynamic"/> target is CAST AS NUMERIC.</summary>
internal sealed record BoundCast(ValueKind Target, BoundExpr Operand, Affinity CastAffinity) : BoundExpr(Target)
{
    public override Affinity Affinity => CastAffinity;

    public override IReadOnlyList<BoundExpr> Children => [Operand];

    public override string Text => $"CAST({Operand.Text} AS {(Target == ValueKind.Dynamic ? "NUMERIC" : Target.ToString().ToUpperInvariant())})";
}
