using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.DateTimes;

namespace Yoda.Sql.Binding;

/// <summary>A date and time function; 'now' in it is <paramref name="NowUtc"/>, the statement's time.</summary>
internal sealed record BoundDateTimeFunction(DateTimeFunction Function, ValueKind ResultKind, IReadOnlyList<BoundExpr> Arguments, DateTime NowUtc)
    : BoundExpr(ResultKind)
{
    public override IReadOnlyList<BoundExpr> Children => Arguments;

    public override string Text => $"{Function.ToString().ToLowerInvariant()}({string.Join(", ", Arguments.Select(a => a.Text))})";
}
