using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Windows;

/// <summary>
/// One window function call over <see cref="Window"/> (an index into the operator's definitions).
/// <see cref="Parameter"/> is ntile's bucket count, lag/lead's offset or nth_value's N; when
/// <see cref="ParameterPerRow"/> it is instead the last argument, read on each row as SQLite does
/// (ntile: an INTEGER, on the partition's first row; lag/lead and nth_value: a value of any class).
/// Arguments: the value (and lag/lead's default, group_concat's separator, or the folded value
/// min/max compare under a NOCASE or RTRIM collation).
/// </summary>
public sealed record WindowCall(WindowFunctionKind Function, IReadOnlyList<VectorExpression> Arguments, int Window, long Parameter, ValueKind ResultKind, bool ParameterPerRow = false);
