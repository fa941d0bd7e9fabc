using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// Binary arithmetic on two operands of the same numeric kind (the planner widens INTEGER to REAL
/// first). Division and modulo by zero give NULL, as in SQLite. Operands' results are consumed at
/// once (their pooled arrays go back after each chunk); a constant REAL operand of + - * is applied
/// as a scalar, and a REAL result gets a NULL array only when an input has NULLs or a result is NaN.
/// </summary>
public sealed class ArithmeticExpression : VectorExpression
{
    private readonly ArithmeticOperator _op;
    private readonly VectorExpression _left;
    private readonly VectorExpression _right;
    private readonly double? _leftConstant;
    private readonly double? _rightConstant;

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
        if (Kind == ValueKind.Real && op is ArithmeticOperator.Add or ArithmeticOperator.Subtract or ArithmeticOperator.Multiply)
        {
            _leftConstant = RealConstant(left);
            _rightConstant = _leftConstant is null ? RealConstant(right) : null;
        }

        left.MarkConsumedAtOnce();
        right.MarkConsumedAtOnce();
    }

    public ArithmeticOperator Operator => _op;

    public VectorExpression Left => _left;

    public VectorExpression Right => _right;

    public override bool IsParallelSafe => _left.IsParallelSafe && _right.IsParallelSafe;

    /// <summary>The operation's canonical text, which an <see cref="IntegerOverflowException"/> carries out of this expression.</summary>
    public string? Origin { get; init; }

    public override ColumnVector Evaluate(Chunk chunk)
    {
        if (_leftConstant is { } a)
        {
            var right = _right.Evaluate(chunk);
            var result = RealWithConstant(chunk, a, right, constantOnLeft: true);
            right.ReturnToPool();
            return result;
        }

        if (_rightConstant is { } b)
        {
            var left = _left.Evaluate(chunk);
            var result = RealWithConstant(chunk, b, left, constantOnLeft: false);
            left.ReturnToPool();
            return result;
        }

        return Binary(chunk);
    }

    private ColumnVector Binary(Chunk chunk)
    {
        var left = _left.Evaluate(chunk);
        var right = _right.Evaluate(chunk);
        ColumnVector result;
        try
        {
            result = Kind == ValueKind.Integer ? Integers(chunk, left, right) : Reals(chunk, left, right);
        }
        catch (IntegerOverflowException e) when (e.Expression is null && Origin is not null)
        {
            throw e.At(Origin);
        }

        left.ReturnToPool();
        if (!ReferenceEquals(left, right))
        {
            right.ReturnToPool();
        }

        return result;
    }

    private ColumnVector Integers(Chunk chunk, ColumnVector left, ColumnVector right)
    {
        var length = chunk.PhysicalLength;
        var nulls = Nulls(chunk, left, right, _op is ArithmeticOperator.Divide or ArithmeticOperator.Modulo);
        var values = ConsumedAtOnce ? ChunkArrays<long>.Rent(length) : new long[length];
        var rows = chunk.Selection;
        switch (_op)
        {
            case ArithmeticOperator.Add: IntegerKernels.Apply<IntegerKernels.Add>(rows, left, right, nulls, values); break;
            case ArithmeticOperator.Subtract: IntegerKernels.Apply<IntegerKernels.Subtract>(rows, left, right, nulls, values); break;
            case ArithmeticOperator.Multiply: IntegerKernels.Apply<IntegerKernels.Multiply>(rows, left, right, nulls, values); break;
            case ArithmeticOperator.Divide: IntegerKernels.Apply<IntegerKernels.Divide>(rows, left, right, nulls, values); break;
            case ArithmeticOperator.Modulo: IntegerKernels.Apply<IntegerKernels.Modulo>(rows, left, right, nulls, values); break;
            case ArithmeticOperator.BitAnd: IntegerKernels.Apply<IntegerKernels.BitAnd>(rows, left, right, nulls, values); break;
            case ArithmeticOperator.BitOr: IntegerKernels.Apply<IntegerKernels.BitOr>(rows, left, right, nulls, values); break;
            case ArithmeticOperator.ShiftLeft: IntegerKernels.Apply<IntegerKernels.ShiftLeft>(rows, left, right, nulls, values); break;
            default: IntegerKernels.Apply<IntegerKernels.ShiftRight>(rows, left, right, nulls, values); break;
        }

        return ConsumedAtOnce ? ColumnVector.OfPooled(values, length, nulls) : ColumnVector.OfLongs(values, nulls);
    }

    private ColumnVector Reals(Chunk chunk, ColumnVector left, ColumnVector right)
    {
        var length = chunk.PhysicalLength;
        var rows = chunk.Selection;
        var values = ConsumedAtOnce ? ChunkArrays<double>.Rent(length) : new double[length];
        if (_op is ArithmeticOperator.Divide or ArithmeticOperator.Modulo)
        {
            var divisionNulls = Nulls(chunk, left, right, always: true)!;
            RealKernels.Apply(_op, rows, left.DoubleValues, right.DoubleValues, values, divisionNulls);
            return Real(values, length, divisionNulls);
        }

        var a = new RealKernels.Values(left.DoubleValues);
        var b = new RealKernels.Values(right.DoubleValues);
        var hasNaN = _op switch
        {
            ArithmeticOperator.Add => RealKernels.Apply<RealKernels.Add, RealKernels.Values, RealKernels.Values>(rows, length, a, b, values),
            ArithmeticOperator.Subtract => RealKernels.Apply<RealKernels.Subtract, RealKernels.Values, RealKernels.Values>(rows, length, a, b, values),
            ArithmeticOperator.Multiply => RealKernels.Apply<RealKernels.Multiply, RealKernels.Values, RealKernels.Values>(rows, length, a, b, values),
            _ => throw new ArgumentException($"{_op} is not a REAL operator"),
        };
        return WithNaNsAsNull(chunk, values, Nulls(chunk, left, right, hasNaN));
    }

    private ColumnVector RealWithConstant(Chunk chunk, double constant, ColumnVector operand, bool constantOnLeft)
    {
        var length = chunk.PhysicalLength;
        var rows = chunk.Selection;
        var values = ConsumedAtOnce ? ChunkArrays<double>.Rent(length) : new double[length];
        var column = new RealKernels.Values(operand.DoubleValues);
        var scalar = new RealKernels.Constant(constant);
        var hasNaN = (_op, constantOnLeft) switch
        {
            (ArithmeticOperator.Add, true) => RealKernels.Apply<RealKernels.Add, RealKernels.Constant, RealKernels.Values>(rows, length, scalar, column, values),
            (ArithmeticOperator.Add, false) => RealKernels.Apply<RealKernels.Add, RealKernels.Values, RealKernels.Constant>(rows, length, column, scalar, values),
            (ArithmeticOperator.Subtract, true) => RealKernels.Apply<RealKernels.Subtract, RealKernels.Constant, RealKernels.Values>(rows, length, scalar, column, values),
            (ArithmeticOperator.Subtract, false) => RealKernels.Apply<RealKernels.Subtract, RealKernels.Values, RealKernels.Constant>(rows, length, column, scalar, values),
            (_, true) => RealKernels.Apply<RealKernels.Multiply, RealKernels.Constant, RealKernels.Values>(rows, length, scalar, column, values),
            _ => RealKernels.Apply<RealKernels.Multiply, RealKernels.Values, RealKernels.Constant>(rows, length, column, scalar, values),
        };
        return WithNaNsAsNull(chunk, values, Nulls(chunk, operand, operand, hasNaN));
    }

    private ColumnVector WithNaNsAsNull(Chunk chunk, double[] values, bool[]? nulls)
    {
        if (nulls is not null)
        {
            RealKernels.MarkNaNs(chunk.Selection, values, nulls);
        }

        return Real(values, chunk.PhysicalLength, nulls);
    }

    private ColumnVector Real(double[] values, int length, bool[]? nulls) =>
        ConsumedAtOnce ? ColumnVector.OfPooled(values, length, nulls) : ColumnVector.OfDoubles(values, nulls);

    /// <summary>The union of the operands' NULLs for the selected rows, or null when neither has any and <paramref name="always"/> is false (pooled when the result is).</summary>
    private bool[]? Nulls(Chunk chunk, ColumnVector left, ColumnVector right, bool always)
    {
        if (left.Nulls is null && right.Nulls is null && !always)
        {
            return null;
        }

        var length = chunk.PhysicalLength;
        var nulls = ConsumedAtOnce ? ColumnVector.RentNulls(length) : new bool[length];
        foreach (var input in (ReadOnlySpan<ColumnVector>)[left, right])
        {
            if (input.Nulls is { } inputNulls)
            {
                foreach (var row in chunk.Selection)
                {
                    nulls[row] |= inputNulls[row];
                }
            }
        }

        return nulls;
    }

    /// <summary>The value of a constant REAL operand (a literal, or an INTEGER or REAL literal cast to REAL), else null.</summary>
    private static double? RealConstant(VectorExpression operand) => operand switch
    {
        ConstantExpression { Value: double d } => d,
        CastExpression { Kind: ValueKind.Real, Operand: ConstantExpression { Value: long l } } => l,
        CastExpression { Kind: ValueKind.Real, Operand: ConstantExpression { Value: double d } } => d,
        _ => null,
    };
}
