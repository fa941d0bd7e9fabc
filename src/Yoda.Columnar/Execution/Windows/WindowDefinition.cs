using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Windows;

/// <summary>PARTITION BY keys, ORDER BY keys (with direction and NULL placement) and the frame of one window.</summary>
public sealed record WindowDefinition(
    IReadOnlyList<VectorExpression> PartitionBy,
    IReadOnlyList<(VectorExpression Key, bool Descending, bool NullsFirst)> OrderBy,
    WindowFrame Frame);
