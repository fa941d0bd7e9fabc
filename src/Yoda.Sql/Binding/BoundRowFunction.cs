using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>A scalar function evaluated row by row on boxed values.</summary>
internal sealed record BoundRowFunction(string Name, ValueKind ResultKind, IReadOnlyList<BoundExpr> Arguments, Func<object?[], object?> Function)
    : BoundExpr(ResultKind)
{
    public override IReadOnlyList<BoundExpr> Children => Arguments;

    public override string Text => $"{Name}({string.Join(", ", Arguments.Select(a => a.Text))})";
}
