using System.Text;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// + - * / % whose result class SQLite decides per row: operands of any class (TEXT and BLOB read as
/// numbers as SQLite reads them, '12abc' as 12), INTEGER with INTEGER an INTEGER unless it overflows
/// (then a REAL, as SQLite does), anything with a REAL a REAL. Division and modulo by zero give NULL.
/// </summary>
public sealed class DynamicArithmeticExpression : VectorExpression
{
    private readonly ArithmeticOperator _op;
    private readonly VectorExpression _left;
    private readonly VectorExpression _right;

    public DynamicArithmeticExpression(ArithmeticOperator op, VectorExpression left, VectorExpression right)
        : base(ValueKind.Dynamic)
    {
        if (op is not (ArithmeticOperator.Add or ArithmeticOperator.Subtract or ArithmeticOperator.Multiply or ArithmeticOperator.Divide or ArithmeticOperator.Modulo))
        {
            throw new ArgumentException($"{op} has an INTEGER result");
        }

        _op = op;
        _left = left;
        _right = right;
    }

    public override bool IsParallelSafe => _left.IsParallelSafe && _right.IsParallelSafe;

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var left = _left.Evaluate(chunk);
        var right = _right.Evaluate(chunk);
        var nulls = UnionNulls(chunk, left, right) ?? new bool[chunk.PhysicalLength];
        var values = new DynamicValues(chunk.PhysicalLength);
        foreach (var i in chunk.Selection)
        {
            if (nulls[i])
            {
                continue;
            }

            var (a, aIsInteger) = Number(left, i);
            var (b, bIsInteger) = Number(right, i);
            nulls[i] = aIsInteger && bIsInteger ? !Integers(a.Long, b.Long, values, i)
                : _op == ArithmeticOperator.Modulo ? !RealRemainder(a.AsInteger(aIsInteger), b.AsInteger(bIsInteger), values, i)
                : !Reals(a.Real, b.Real, values, i);
        }

        return ColumnVector.OfDynamic(values, nulls);
    }

    /// <summary>INTEGER arithmetic, turning to REAL on overflow; false for a NULL result.</summary>
    private bool Integers(long a, long b, DynamicValues values, int i)
    {
        if (b == 0 && _op is ArithmeticOperator.Divide or ArithmeticOperator.Modulo)
        {
            return false;
        }

        long result;
        bool overflow;
        switch (_op)
        {
            case ArithmeticOperator.Add:
                overflow = IntegerKernels.Add.Overflows(a, b, out result);
                break;
            case ArithmeticOperator.Subtract:
                overflow = IntegerKernels.Subtract.Overflows(a, b, out result);
                break;
            case ArithmeticOperator.Multiply:
                overflow = IntegerKernels.Multiply.Overflows(a, b, out result);
                break;
            case ArithmeticOperator.Divide:
                overflow = a == long.MinValue && b == -1;
                result = overflow ? 0 : a / b;
                break;
            default:
                overflow = false;
                result = b == -1 ? 0 : a % b;
                break;
        }

        if (overflow)
        {
            return Reals(a, b, values, i);
        }

        values.SetLong(i, result);
        return true;
    }

    /// <summary>+ - * / with a REAL operand (or after an INTEGER overflow); false for a NULL result.</summary>
    private bool Reals(double a, double b, DynamicValues values, int i)
    {
        double result;
        switch (_op)
        {
            case ArithmeticOperator.Add: result = a + b; break;
            case ArithmeticOperator.Subtract: result = a - b; break;
            case ArithmeticOperator.Multiply: result = a * b; break;
            default:
                if (b == 0)
                {
                    return false;
                }

                result = a / b;
                break;
        }

        if (double.IsNaN(result))
        {
            return false;
        }

        values.SetDouble(i, result);
        return true;
    }

    /// <summary>
    /// % with a REAL operand, as SQLite computes it: the remainder of both operands read as INTEGERs
    /// (an INTEGER exactly, a REAL truncated), as a REAL; false for a NULL result (a zero divisor).
    /// </summary>
    private static bool RealRemainder(long a, long b, DynamicValues values, int i)
    {
        if (b == 0)
        {
            return false;
        }

        values.SetDouble(i, b == -1 ? 0 : a % b);
        return true;
    }

    private static (Operand Value, bool IsInteger) Number(ColumnVector v, int i) => v.KindAt(i) switch
    {
        ValueKind.Integer => (new Operand(v.LongAt(i)), true),
        ValueKind.Real => (new Operand(v.DoubleAt(i)), false),
        ValueKind.Text => Parsed(v.TextAt(i)),
        _ => Parsed(Encoding.UTF8.GetString(v.BlobAt(i))),
    };

    private static (Operand Value, bool IsInteger) Parsed(string text) => NumericText.ParsePrefix(text) switch
    {
        long l => (new Operand(l), true),
        var d => (new Operand((double)d), false),
    };

    /// <summary>A number read from a row: its INTEGER value (when it is one) and its REAL value.</summary>
    private readonly record struct Operand(long Long, double Real)
    {
        /// <summary>The number as an INTEGER, as sqlite3VdbeIntValue reads it.</summary>
        public long AsInteger(bool isInteger) => isInteger ? Long : RealKernels.ToInt64(Real);

        public Operand(long value)
            : this(value, value)
        {
        }

        public Operand(double value)
            : this(0, value)
        {
        }
    }
}
