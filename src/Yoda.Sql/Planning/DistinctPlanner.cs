using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// SELECT DISTINCT over the projected result columns: one row per distinct key, NULLs equal. A column
/// under NOCASE or RTRIM is keyed by its folded text and shows the value of the first row with that
/// key, as SQLite keeps the first. ORDER BY terms that are not result columns are computed after it
/// from the result columns (they must be functions of them, such as a column's folded text).
/// </summary>
internal static class DistinctPlanner
{
    public static PhysicalOperator Plan(BoundQuery q, PhysicalOperator projected, IReadOnlyList<BoundExpr> hidden, ExecutionOptions options, QueryMemory? memory)
    {
        var outputTexts = q.Columns.Select(c => c.Expr.Text).ToList();
        var afterProjection = new ExpressionCompiler(
            e => outputTexts.IndexOf(e.Text) is var i and >= 0 ? i : null,
            c => throw new YodaException("ORDER BY terms that are not result columns of a SELECT DISTINCT are not supported yet"));
        if (!hidden.All(e => IsOverOutputs(e, outputTexts)))
        {
            throw new YodaException("ORDER BY terms that are not result columns of a SELECT DISTINCT are not supported yet");
        }

        var collated = q.Columns.Select((c, i) => (c, i)).Where(x => Binder.IsCollatedText(x.c.Expr)).Select(x => x.i).ToList();
        var keys = q.Columns.Select((c, i) => collated.Contains(i)
            ? afterProjection.Compile(Binder.ComparedValue(c.Expr))
            : new ColumnExpression(i, c.Expr.Kind)).ToArray();
        var firsts = collated.Select(i => new AggregateSpec(AggregateFunction.FirstValue, new ColumnExpression(i, q.Columns[i].Expr.Kind), false)).ToArray();
        var plan = (PhysicalOperator)new HashAggregateOperator(
            projected, keys, firsts, $"Distinct [{string.Join(", ", q.Columns.Select(c => c.Name))}]", options.Optimizations, memory, options.EffectiveParallelism);
        if (collated.Count > 0)
        {
            var columns = q.Columns.Select((c, i) => (VectorExpression)new ColumnExpression(collated.Contains(i) ? keys.Length + collated.IndexOf(i) : i, c.Expr.Kind)).ToArray();
            plan = new ProjectOperator(plan, columns, q.Columns.Select(c => c.Name).ToArray());
        }

        if (hidden.Count == 0)
        {
            return plan;
        }

        var withHidden = q.Columns.Select((c, i) => (VectorExpression)new ColumnExpression(i, c.Expr.Kind)).Concat(hidden.Select(afterProjection.Compile)).ToArray();
        return new ProjectOperator(plan, withHidden, [.. q.Columns.Select(c => c.Name), .. hidden.Select(e => e.Text)]);
    }

    /// <summary>True when <paramref name="e"/> reads only result columns (and constants).</summary>
    private static bool IsOverOutputs(BoundExpr e, List<string> outputTexts) =>
        outputTexts.Contains(e.Text) || e switch
        {
            BoundConstant => true,
            BoundColumn or BoundAggregate or BoundSubquery or BoundOuterReference or BoundWindow => false,
            _ => e.Children.Count > 0 && e.Children.All(child => IsOverOutputs(child, outputTexts)),
        };
}
