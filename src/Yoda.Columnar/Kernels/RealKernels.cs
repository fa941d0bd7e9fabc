using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Kernels;

/// <summary>REAL arithmetic into a result span; a NaN result and division by zero are NULL, as in SQLite.</summary>
public static class RealKernels
{
    /// <summary>One of + - * over REALs, for scalars and for four lanes at a time.</summary>
    public interface IOperator
    {
        static abstract double Apply(double a, double b);

        static abstract Vector256<double> Apply(Vector256<double> a, Vector256<double> b);
    }

    /// <summary>An operand of a REAL kernel: a vector's values by row, or one constant for every row.</summary>
    public interface IOperand
    {
        double At(int row);

        Vector256<double> Lanes(int row);
    }

    /// <summary>
    /// <c>result[i] = a[i] op b[i]</c> for the selected rows; true when a result is NaN (SQLite gives
    /// NULL: the caller then marks the selected NaN rows). A selection of at least half the physical
    /// rows runs four lanes at a time over all of them (unselected rows compute harmless garbage, and
    /// their NaNs only cost the caller that marking pass).
    /// </summary>
    public static bool Apply<TOp, TLeft, TRight>(ReadOnlySpan<int> rows, int length, TLeft a, TRight b, Span<double> result)
        where TOp : struct, IOperator
        where TLeft : IOperand, allows ref struct
        where TRight : IOperand, allows ref struct
    {
        if (rows.Length * 2 >= length && Vector256.IsHardwareAccelerated)
        {
            return ApplyToAll<TOp, TLeft, TRight>(length, a, b, result);
        }

        var isNumber = true;
        foreach (var i in rows)
        {
            var value = TOp.Apply(a.At(i), b.At(i));
            isNumber &= !double.IsNaN(value);
            result[i] = value;
        }

        return !isNumber;
    }

    private static bool ApplyToAll<TOp, TLeft, TRight>(int length, TLeft a, TRight b, Span<double> result)
        where TOp : struct, IOperator
        where TLeft : IOperand, allows ref struct
        where TRight : IOperand, allows ref struct
    {
        ref var target = ref MemoryMarshal.GetReference(result);
        var numbers = Vector256<double>.AllBitsSet;
        var i = 0;
        for (; i <= length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            var lanes = TOp.Apply(a.Lanes(i), b.Lanes(i));
            numbers &= Vector256.Equals(lanes, lanes);
            lanes.StoreUnsafe(ref target, (nuint)i);
        }

        // Lane by lane: a double comparison with AllBitsSet (a NaN) would never be equal.
        var isNumber = Vector256.ExtractMostSignificantBits(numbers) == (1u << Vector256<double>.Count) - 1;
        for (; i < length; i++)
        {
            var value = TOp.Apply(a.At(i), b.At(i));
            isNumber &= !double.IsNaN(value);
            result[i] = value;
        }

        return !isNumber;
    }

    /// <summary>/ or % for the selected rows that are not NULL; a zero divisor or a NaN result marks the row NULL.</summary>
    public static void Apply(ArithmeticOperator op, ReadOnlySpan<int> rows, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> result, bool[] nulls)
    {
        foreach (var i in rows)
        {
            if (nulls[i])
            {
                continue;
            }

            bool isNull;
            if (op == ArithmeticOperator.Divide)
            {
                isNull = b[i] == 0;
                result[i] = isNull ? 0 : a[i] / b[i];
            }
            else
            {
                result[i] = Remainder(a[i], b[i], out isNull);
            }

            nulls[i] = isNull || double.IsNaN(result[i]);
        }
    }

    /// <summary>Marks the selected rows whose value is NaN as NULL.</summary>
    public static void MarkNaNs(ReadOnlySpan<int> rows, ReadOnlySpan<double> values, bool[] nulls)
    {
        foreach (var i in rows)
        {
            nulls[i] |= double.IsNaN(values[i]);
        }
    }

    public readonly struct Add : IOperator
    {
        public static double Apply(double a, double b) => a + b;

        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a + b;
    }

    public readonly struct Subtract : IOperator
    {
        public static double Apply(double a, double b) => a - b;

        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a - b;
    }

    public readonly struct Multiply : IOperator
    {
        public static double Apply(double a, double b) => a * b;

        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a * b;
    }

    /// <summary>A vector's values (read by row; lanes only where the selection is every row).</summary>
    public readonly ref struct Values(ReadOnlySpan<double> values) : IOperand
    {
        private readonly ReadOnlySpan<double> _values = values;

        public double At(int row) => _values[row];

        public Vector256<double> Lanes(int row) => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(_values), (nuint)row);
    }

    /// <summary>One constant for every row.</summary>
    public readonly struct Constant(double value) : IOperand
    {
        public double At(int row) => value;

        public Vector256<double> Lanes(int row) => Vector256.Create(value);
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
