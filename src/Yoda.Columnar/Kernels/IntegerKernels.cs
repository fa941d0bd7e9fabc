namespace Yoda.Columnar.Kernels;

using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;

/// <summary>
/// 64-bit integer arithmetic as SQLite does it, as struct operators the JIT specialises. An
/// operator returns false for a NULL result (division by zero).
/// </summary>
public static class IntegerKernels
{
    public interface IOperator
    {
        static abstract bool Apply(long a, long b, out long result);
    }

    /// <summary><c>result[i] = a[i] op b[i]</c> for the selected rows that are not NULL; a NULL result marks <paramref name="nulls"/>, which must exist where the operator can give one.</summary>
    public static void Apply<TOp>(ReadOnlySpan<int> rows, ColumnVector left, ColumnVector right, bool[]? nulls, Span<long> result)
        where TOp : struct, IOperator
    {
        var a = left.LongValues;
        var b = right.LongValues;
        if (nulls is null)
        {
            foreach (var i in rows)
            {
                TOp.Apply(a[i], b[i], out result[i]);
            }
        }
        else
        {
            foreach (var i in rows)
            {
                if (!nulls[i] && !TOp.Apply(a[i], b[i], out result[i]))
                {
                    nulls[i] = true;
                }
            }
        }
    }

    public static IntegerOverflowException Overflow() =>
        new("integer overflow: an INTEGER result outside the 64-bit range (SQLite would switch to REAL) is not supported yet");

    public readonly struct Add : IOperator
    {
        public static bool Apply(long a, long b, out long result) => Overflows(a, b, out result) ? throw Overflow() : true;

        /// <summary>The wrapped sum, and whether it overflowed (SQLite then computes it as REAL).</summary>
        public static bool Overflows(long a, long b, out long result)
        {
            result = unchecked(a + b);
            return ((a ^ result) & (b ^ result)) < 0;
        }
    }

    public readonly struct Subtract : IOperator
    {
        public static bool Apply(long a, long b, out long result) => Overflows(a, b, out result) ? throw Overflow() : true;

        /// <summary>The wrapped difference, and whether it overflowed.</summary>
        public static bool Overflows(long a, long b, out long result)
        {
            result = unchecked(a - b);
            return ((a ^ b) & (a ^ result)) < 0;
        }
    }

    public readonly struct Multiply : IOperator
    {
        public static bool Apply(long a, long b, out long result) => Overflows(a, b, out result) ? throw Overflow() : true;

        /// <summary>The low 64 bits of the product, and whether it overflowed.</summary>
        public static bool Overflows(long a, long b, out long result) => Math.BigMul(a, b, out result) != (result >> 63);
    }

    public readonly struct Divide : IOperator
    {
        public static bool Apply(long a, long b, out long result)
        {
            result = 0;
            if (b == 0)
            {
                return false;
            }

            if (a == long.MinValue && b == -1)
            {
                throw Overflow();
            }

            result = a / b;
            return true;
        }
    }

    public readonly struct Modulo : IOperator
    {
        public static bool Apply(long a, long b, out long result)
        {
            result = 0;
            if (b == 0)
            {
                return false;
            }

            result = b == -1 ? 0 : a % b;
            return true;
        }
    }

    public readonly struct BitAnd : IOperator
    {
        public static bool Apply(long a, long b, out long result)
        {
            result = a & b;
            return true;
        }
    }

    public readonly struct BitOr : IOperator
    {
        public static bool Apply(long a, long b, out long result)
        {
            result = a | b;
            return true;
        }
    }

    public readonly struct ShiftLeft : IOperator
    {
        public static bool Apply(long a, long b, out long result)
        {
            result = Shift(a, b);
            return true;
        }
    }

    public readonly struct ShiftRight : IOperator
    {
        public static bool Apply(long a, long b, out long result)
        {
            result = Shift(a, b == long.MinValue ? long.MaxValue : -b);
            return true;
        }
    }

    /// <summary>SQLite's shift: a negative count shifts the other way; 64 or more shifts everything out.</summary>
    private static long Shift(long value, long count)
    {
        if (count >= 64)
        {
            return 0;
        }

        if (count <= -64)
        {
            return value < 0 ? -1 : 0;
        }

        return count >= 0 ? value << (int)count : value >> (int)-count;
    }
}
