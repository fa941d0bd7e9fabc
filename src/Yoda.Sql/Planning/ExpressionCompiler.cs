using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.DateTimes;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// Compiles bound expressions into vectorized expressions. <c>slotOf</c> redirects a whole
/// subexpression to an input column (after aggregation: group keys and aggregate results);
/// <c>columnPosition</c> maps table columns to input columns.
/// </summary>
internal sealed class ExpressionCompiler(Func<BoundExpr, int?> slotOf, Func<BoundColumn, int> columnPosition)
{
    /// <summary>A compiler for expressions without column references (constant folding).</summary>
    public static readonly ExpressionCompiler Constant =
        new(_ => null, c => throw new InvalidOperationException($"column {c.Name} in a constant expression"));

    public VectorExpression Compile(BoundExpr e)
    {
        if (slotOf(e) is { } slot)
        {
            return new ColumnExpression(slot, e.Kind);
        }

        return e switch
        {
            BoundColumn c => new ColumnExpression(columnPosition(c), c.Kind),
            BoundConstant c => new ConstantExpression(c.Kind, c.Value),
            BoundArithmetic { Kind: ValueKind.Dynamic } a => new DynamicArithmeticExpression(a.Operator, Compile(a.Left), Compile(a.Right)),
            BoundArithmetic a => new ArithmeticExpression(a.Operator, Compile(a.Left), Compile(a.Right)) { Origin = a.Text },
            BoundComparison c => new ComparisonExpression(c.Operator, Compile(c.Left), Compile(c.Right), c.TextAsNumber),
            BoundLogical { IsAnd: false } l when InListItems(l) is { } items => new InListExpression(Compile(items.Operand), items.Constants),
            BoundLogical l => new LogicalExpression(l.IsAnd, Compile(l.Left), Compile(l.Right)),
            BoundNot n => new NotExpression(Compile(n.Operand)),
            BoundIsNull n => new IsNullExpression(Compile(n.Operand), n.Negated),
            BoundLike l => new LikeExpression(Compile(l.Operand), Compile(l.Pattern), l.Escape is null ? null : Compile(l.Escape), l.Negated),
            BoundCase c => new CaseExpression(c.Kind, c.Branches.Select(b => (Compile(b.When), Compile(b.Then))).ToArray(), c.Else is null ? null : Compile(c.Else)),
            // The widening of an INTEGER constant for REAL arithmetic is done once, not per row.
            BoundCast { Target: ValueKind.Real, Operand: BoundConstant { Value: long integer } } => new ConstantExpression(ValueKind.Real, (double)integer),
            BoundCast c => new CastExpression(c.Target, Compile(c.Operand)),
            BoundConcat c => new ConcatExpression(Compile(c.Left), Compile(c.Right)),
            BoundNegate n => new NegateExpression(n.Mode, Compile(n.Operand)) { Origin = n.Text },
            BoundCollate c => Compile(c.Operand),
            BoundRowFunction f => new RowFunctionExpression(f.Kind, f.Arguments.Select(Compile).ToArray(), f.Function),
            BoundDateTimeFunction d => new DateTimeFunctionExpression(d.Function, d.Kind, d.Arguments.Select(Compile).ToArray(), d.NowUtc),
            BoundOuterReference r => new OuterValueExpression(r.Frame, r.Slot, r.Kind),
            BoundSubquery q => new SubqueryExpression(q, q.Operand is null ? null : Compile(q.Operand), q.Frame.References.Select(Compile).ToArray()),
            BoundAggregate a => throw new YodaException($"misuse of aggregate function {a.Text}"),
            _ => throw new InvalidOperationException($"cannot compile {e.GetType().Name}"),
        };
    }

    /// <summary>
    /// The operand and constants of an OR of equalities <c>x = c</c> of one operand (what the binder
    /// makes of <c>x IN (…)</c>) that <see cref="InListExpression"/> evaluates: x INTEGER, REAL or TEXT,
    /// each c a constant of x's kind or NULL, no part redirected to an input column; else null.
    /// </summary>
    private (BoundExpr Operand, List<object?> Constants)? InListItems(BoundLogical or)
    {
        BoundExpr? operand = null;
        var constants = new List<object?>();
        var pending = new Stack<BoundExpr>([or]);
        while (pending.TryPop(out var e))
        {
            if (slotOf(e) is not null)
            {
                return null;
            }

            switch (e)
            {
                case BoundLogical { IsAnd: false } l:
                    pending.Push(l.Right);
                    pending.Push(l.Left);
                    break;
                case BoundComparison { Operator: ComparisonOperator.Equal, TextAsNumber: false, Left.Kind: ValueKind.Integer or ValueKind.Real or ValueKind.Text, Right: BoundConstant k } c
                    when (k.Value is null || k.Kind == c.Left.Kind) && (operand is null || SameOperand(operand, c.Left)):
                    operand = c.Left;
                    constants.Add(k.Value);
                    break;
                default:
                    return null;
            }
        }

        return (operand!, constants);
    }

    /// <summary>The binder's IN shares one operand; equalities written out apart share a column.</summary>
    private static bool SameOperand(BoundExpr first, BoundExpr other) =>
        ReferenceEquals(first, other) || (first is BoundColumn && first.Equals(other));

    /// <summary>This compiler, with whole subexpressions also redirected by <paramref name="slots"/> (window calls after the window operator).</summary>
    public ExpressionCompiler WithSlots(Func<BoundExpr, int?> slots) => new(e => slots(e) ?? slotOf(e), columnPosition);

    /// <summary>Evaluates an expression without column references to its value.</summary>
    public static object? Evaluate(BoundExpr e)
    {
        var chunk = Chunk.Dense([], 1);
        return Constant.Compile(e).Evaluate(chunk).GetValue(0);
    }
}
