using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>
/// A name-resolved, typed expression. <see cref="Text"/> is a canonical rendering used both to match
/// expressions (GROUP BY keys, ORDER BY terms) and in EXPLAIN output.
/// </summary>
internal abstract record BoundExpr(ValueKind Kind)
{
    public virtual Affinity Affinity => Affinity.None;

    public abstract IReadOnlyList<BoundExpr> Children { get; }

    public abstract string Text { get; }

    public bool ContainsAggregate => this is BoundAggregate || Children.Any(c => c.ContainsAggregate);
}
