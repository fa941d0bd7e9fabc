using Yoda.Columnar.Execution.Windows;

namespace Yoda.Sql.Ast;

/// <summary>One frame bound; <see cref="Offset"/> is the expression of <c>n PRECEDING</c> / <c>n FOLLOWING</c>.</summary>
public sealed record FrameBoundSpec(FrameBoundKind Kind, Expr? Offset);
