using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// SELECT DISTINCT over the projected result columns: one row per distinct key, NULLs equal. A column
/// under NOCASE or RTRIM is keyed by its folded text and shows the value of the first row with that
/// key, as SQLite keeps the first. An ORDER BY term that is a function of the result columns is
/// computed after it; any other term is carried through it from the first row of each distinct
/// result, as SQLite, which checks DISTINCT as it scans and sorts the rows it keeps.
/// </summary>
internal static class DistinctPlanner
{
    /// <summary>The ORDER BY terms that are not functions of the result columns: projected next to them and carried through DISTINCT.</summary>
    public static List<BoundExpr> CarriedTerms(BoundQuery q, IReadOnlyList<BoundExpr> hidden)
    {
        var outputTexts = q.Columns.Select(c => c.Expr.Text).ToList();
        return hidden.Where(e => !IsOverOutputs(e, outputTexts)).DistinctBy(e => e.Text).ToList();
    }

    /// <param name="projected">The result columns, then the <paramref name="carried"/> terms.</param>
    public static PhysicalOperator Plan(
        BoundQuery q, PhysicalOperator projected, IReadOnlyList<BoundExpr> hidden, IReadOnlyList<BoundExpr> carried, ExecutionOptions options, QueryMemory? memory)
    {
        var outputTexts = q.Columns.Select(c => c.Expr.Text).ToList();
        var carriedTexts = carried.Select(e => e.Text).ToList();
        var width = q.Columns.Count;
        var afterDistinct = new ExpressionCompiler(
            e => outputTexts.IndexOf(e.Text) is var i and >= 0 ? i : carriedTexts.IndexOf(e.Text) is var j and >= 0 ? width + j : null,
            c => throw new InvalidOperationException($"column {c} read after DISTINCT, which carries only the result columns and the ORDER BY terms"));
        var collated = q.Columns.Select((c, i) => (c, i)).Where(x => Binder.IsCollatedText(x.c.Expr)).Select(x => x.i).ToList();
        var keys = q.Columns.Select((c, i) => collated.Contains(i)
            ? afterDistinct.Compile(Binder.ComparedValue(c.Expr))
            : new ColumnExpression(i, c.Expr.Kind)).ToArray();
        var firsts = collated.Select(i => new ColumnExpression(i, q.Columns[i].Expr.Kind))
            .Concat(carried.Select((e, j) => new ColumnExpression(width + j, e.Kind)))
            .Select(column => new AggregateSpec(AggregateFunction.FirstValue, column, false))
            .ToArray();
        var plan = (PhysicalOperator)new HashAggregateOperator(
            projected, keys, firsts, $"Distinct [{string.Join(", ", q.Columns.Select(c => c.Name))}]", options.Optimizations, memory, options.EffectiveParallelism);
        if (firsts.Length > 0)
        {
            // The aggregate gives keys, then first values: the result columns (a collated one from its
            // first value), then the carried terms, as the compiler above reads them.
            var columns = q.Columns.Select((c, i) => (VectorExpression)new ColumnExpression(collated.Contains(i) ? width + collated.IndexOf(i) : i, c.Expr.Kind))
                .Concat(carried.Select((e, j) => new ColumnExpression(width + collated.Count + j, e.Kind)))
                .ToArray();
            plan = new ProjectOperator(plan, columns, [.. q.Columns.Select(c => c.Name), .. carriedTexts]);
        }

        if (hidden.Count == 0)
        {
            return plan;
        }

        var withHidden = q.Columns.Select((c, i) => (VectorExpression)new ColumnExpression(i, c.Expr.Kind)).Concat(hidden.Select(afterDistinct.Compile)).ToArray();
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
