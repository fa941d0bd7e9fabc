using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Kernels;

/// <summary>REAL arithmetic; a NaN result and division by zero are NULL, as in SQLite.</summary>
public static class RealKernels
{
    public static ColumnVector Apply(ArithmeticOperator op, int[] rows, ColumnVector left, ColumnVector right, bool[] nulls)
    {
        var result = new double[left.Length];
        var a = left.DoubleValues;
        var b = right.DoubleValues;
        switch (op)
        {
            case ArithmeticOperator.Add:
                foreach (var i in rows)
                {
                    result[i] = a[i] + b[i];
                }

                break;
            case ArithmeticOperator.Subtract:
                foreach (var i in rows)
                {
                    result[i] = a[i] - b[i];
                }

                break;
            case ArithmeticOperator.Multiply:
                foreach (var i in rows)
                {
                    result[i] = a[i] * b[i];
                }

                break;
            case ArithmeticOperator.Divide:
                foreach (var i in rows)
                {
                    if (b[i] == 0)
                    {
                        nulls[i] = true;
                    }
                    else
                    {
                        result[i] = a[i] / b[i];
                    }
                }

                break;
            case ArithmeticOperator.Modulo:
                foreach (var i in rows)
                {
                    result[i] = Remainder(a[i], b[i], out var isNull);
                    nulls[i] |= isNull;
                }

                break;
            default:
                throw new ArgumentException($"{op} is not a REAL operator");
        }

        foreach (var i in rows)
        {
            nulls[i] |= double.IsNaN(result[i]);
        }

        return ColumnVector.OfDoubles(result, nulls);
    }

    /// <summary>SQLite's REAL remainder: both operands truncated to integers, the result a REAL.</summary>
    public static double Remainder(double a, double b, out bool isNull)
    {
        var divisor = ToInt64(b);
        isNull = divisor == 0;
        return isNull ? 0 : divisor == -1 ? 0 : ToInt64(a) % divisor;
    }

    /// <summary>REAL to INTEGER as SQLite converts: truncation, saturating at the 64-bit range, NaN to 0.</summary>
    public static long ToInt64(double d) =>
        double.IsNaN(d) ? 0 : d <= -9.2233720368547758e18 ? long.MinValue : d >= 9.2233720368547758e18 ? long.MaxValue : (long)d;
}
