using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Windows;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// Places the window operator after WHERE, aggregation and HAVING and before the projection, as
/// SQLite evaluates windows: calls over the same window share one sort. Returns a compiler that
/// reads each window call from the operator's output.
/// </summary>
internal static class WindowPlanner
{
    public static (PhysicalOperator Plan, ExpressionCompiler Compiler) Plan(BoundQuery q, PhysicalOperator plan, ExpressionCompiler compiler, QueryMemory? memory)
    {
        var calls = q.Columns.Select(c => c.Expr).Concat(q.OrderBy.Select(o => o.Expr))
            .SelectMany(WindowsOf).DistinctBy(w => w.Text).ToList();
        if (calls.Count == 0)
        {
            return (plan, compiler);
        }

        var windows = calls.Select(w => w.WindowText).Distinct().ToList();
        var definitions = windows.Select(text => calls.First(w => w.WindowText == text)).Select(w => new WindowDefinition(
            w.PartitionBy.Select(compiler.Compile).ToArray(),
            w.OrderBy.Select(o => (compiler.Compile(o.Expr), o.Descending, o.NullsFirst)).ToArray(),
            w.Frame)).ToArray();
        var windowCalls = calls.Select(w => new WindowCall(
            w.Function, w.Arguments.Select(compiler.Compile).ToArray(), windows.IndexOf(w.WindowText), w.Parameter, w.Kind, w.ParameterPerRow)).ToArray();
        var description = "Window [" + string.Join(", ", calls.Select(w => w.Text)) + "]";
        var inputWidth = plan.OutputKinds.Count;
        var window = new WindowOperator(plan, definitions, windowCalls, description, memory);
        return (window, compiler.WithSlots(e => e is BoundWindow w ? inputWidth + calls.FindIndex(c => c.Text == w.Text) : null));
    }

    private static IEnumerable<BoundWindow> WindowsOf(BoundExpr e) =>
        e is BoundWindow w ? [w] : e.Children.SelectMany(WindowsOf);
}
