using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>A scalar function evaluated row by row on boxed values.</summary>
internal sealed record BoundRowFunction(string Name, ValueKind ResultKind, IReadOnlyList<BoundExpr> Arguments, Func<object?[], object?> Function)
    : BoundExpr(ResultKind)
{
    public override IReadOnlyList<BoundExpr> Children => Arguments;

    /// <summary>Whether each call gives a new value (random(), randomblob()): never folded into a constant, even of constant arguments.</summary>
    public bool IsVolatile { get; init; }

    public override string Text => $"{Name}({string.Join(", ", Arguments.Select(a => a.Text))})";
}
