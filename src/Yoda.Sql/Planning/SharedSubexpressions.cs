using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// REAL arithmetic that occurs more than once among the arguments of one aggregation (TPC-H Q1's
/// <c>l_extendedprice * (1 - l_discount)</c>, summed alone and inside the charge): computed once per
/// chunk as an extra input column, which the arguments then read. Only subexpressions made of REAL
/// <c>+ - * / %</c>, negation and abs() over columns and constants qualify: they cannot fail (division
/// by zero is NULL), so computing one for every row, even rows a CASE branch would not reach, changes
/// no answer and raises no error.
/// </summary>
internal static class SharedSubexpressions
{
    /// <summary>The largest qualifying subexpressions met at least twice in <paramref name="arguments"/>, in first-met order.</summary>
    public static IReadOnlyList<BoundExpr> Of(IEnumerable<BoundExpr> arguments)
    {
        var roots = arguments.ToList();
        var counts = new Dictionary<BoundExpr, int>();
        foreach (var root in roots)
        {
            Count(root, counts);
        }

        var shared = new List<BoundExpr>();
        foreach (var root in roots)
        {
            Collect(root, counts, shared);
        }

        return shared;
    }

    /// <summary>
    /// <paramref name="plan"/> with the shared subexpressions appended to its columns, and a compiler
    /// that reads them from there; the plan and compiler as they are when nothing is shared.
    /// </summary>
    public static (PhysicalOperator Plan, ExpressionCompiler Compiler) Append(PhysicalOperator plan, ExpressionCompiler input, IReadOnlyList<BoundExpr> shared)
    {
        if (shared.Count == 0)
        {
            return (plan, input);
        }

        var width = plan.OutputKinds.Count;
        var expressions = plan.OutputKinds.Select((kind, i) => (VectorExpression)new ColumnExpression(i, kind))
            .Concat(shared.Select(input.Compile))
            .ToArray();
        var descriptions = Enumerable.Range(0, width).Select(i => $"#{i}").Concat(shared.Select(e => e.Text)).ToArray();
        var slots = shared.Select((e, k) => (e, k)).ToDictionary(p => p.e, p => width + p.k);
        return (new ProjectOperator(plan, expressions, descriptions), input.WithSlots(e => slots.TryGetValue(e, out var slot) ? slot : null));
    }

    private static void Count(BoundExpr e, Dictionary<BoundExpr, int> counts)
    {
        if (Qualifies(e))
        {
            counts[e] = counts.GetValueOrDefault(e) + 1;
        }

        if (e is BoundSubquery)
        {
            return;
        }

        foreach (var child in e.Children)
        {
            Count(child, counts);
        }
    }

    private static void Collect(BoundExpr e, Dictionary<BoundExpr, int> counts, List<BoundExpr> shared)
    {
        if (counts.GetValueOrDefault(e) >= 2)
        {
            if (!shared.Contains(e))
            {
                shared.Add(e);
            }

            return;
        }

        if (e is BoundSubquery)
        {
            return;
        }

        foreach (var child in e.Children)
        {
            Collect(child, counts, shared);
        }
    }

    /// <summary>REAL arithmetic (not a bare column or constant) made only of operations that cannot fail.</summary>
    private static bool Qualifies(BoundExpr e) => e is BoundArithmetic or BoundNegate && CannotFail(e);

    private static bool CannotFail(BoundExpr e) => e switch
    {
        BoundColumn or BoundConstant => true,
        BoundArithmetic { Kind: ValueKind.Real } a => a.Left.Kind == ValueKind.Real && a.Right.Kind == ValueKind.Real && CannotFail(a.Left) && CannotFail(a.Right),
        BoundNegate { Kind: ValueKind.Real, Mode: not NegateExpression.Mode.BitNot } n => CannotFail(n.Operand),
        BoundCast { Target: ValueKind.Real } c => c.Operand is BoundColumn or BoundConstant,
        _ => false,
    };
}
