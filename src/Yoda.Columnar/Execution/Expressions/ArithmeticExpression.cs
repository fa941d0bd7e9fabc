using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// Binary arithmetic on two operands of the same numeric kind (the planner widens INTEGER to REAL
/// first). Division and modulo by zero give NULL, as in SQLite.
/// </summary>
public sealed class ArithmeticExpression : VectorExpression
{
    private readonly ArithmeticOperator _op;
    private readonly VectorExpression _left;
    private readonly VectorExpression _right;

    public ArithmeticExpression(ArithmeticOperator op, VectorExpression left, VectorExpression right)
        : base(left.Kind)
    {
        if (left.Kind != right.Kind || left.Kind is not (ValueKind.Integer or ValueKind.Real))
        {
            throw new ArgumentException("arithmetic needs two operands of the same numeric kind");
        }

        _op = op;
        _left = left;
        _right = right;
    }

    public override bool IsParallelSafe => _left.IsParallelSafe && _right.IsParallelSafe;

    /// <summary>The operation's canonical text, which an <see cref="IntegerOverflowException"/> carries out of this expression.</summary>
    public string? Origin { get; init; }

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var left = _left.Evaluate(chunk);
        var right = _right.Evaluate(chunk);
        try
        {
            return Apply(chunk, left, right);
        }
        catch (IntegerOverflowException e) when (e.Expression is null && Origin is not null)
        {
            throw e.At(Origin);
        }
    }

    private ColumnVector Apply(Chunk chunk, ColumnVector left, ColumnVector right)
    {
        var canBeNull = _op is ArithmeticOperator.Divide or ArithmeticOperator.Modulo || Kind == ValueKind.Real;
        var nulls = UnionNulls(chunk, left, right) ?? (canBeNull ? new bool[chunk.PhysicalLength] : null);
        return Kind == ValueKind.Integer
            ? _op switch
            {
                ArithmeticOperator.Add => IntegerKernels.Apply<IntegerKernels.Add>(chunk.Selection, left, right, nulls),
                ArithmeticOperator.Subtract => IntegerKernels.Apply<IntegerKernels.Subtract>(chunk.Selection, left, right, nulls),
                ArithmeticOperator.Multiply => IntegerKernels.Apply<IntegerKernels.Multiply>(chunk.Selection, left, right, nulls),
                ArithmeticOperator.Divide => IntegerKernels.Apply<IntegerKernels.Divide>(chunk.Selection, left, right, nulls),
                ArithmeticOperator.Modulo => IntegerKernels.Apply<IntegerKernels.Modulo>(chunk.Selection, left, right, nulls),
                ArithmeticOperator.BitAnd => IntegerKernels.Apply<IntegerKernels.BitAnd>(chunk.Selection, left, right, nulls),
                ArithmeticOperator.BitOr => IntegerKernels.Apply<IntegerKernels.BitOr>(chunk.Selection, left, right, nulls),
                ArithmeticOperator.ShiftLeft => IntegerKernels.Apply<IntegerKernels.ShiftLeft>(chunk.Selection, left, right, nulls),
                _ => IntegerKernels.Apply<IntegerKernels.ShiftRight>(chunk.Selection, left, right, nulls),
            }
            : RealKernels.Apply(_op, chunk.Selection, left, right, nulls!);
    }
}
