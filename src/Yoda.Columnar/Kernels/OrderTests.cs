using System.Numerics;
using System.Runtime.Intrinsics;

namespace Yoda.Columnar.Kernels;

/// <summary>
/// A comparison operator as a struct type, so that kernels are specialised per operator by the JIT.
/// <see cref="Accepts"/> reads the sign of a <c>CompareTo</c>; the vector forms give the same answer
/// per lane, NaN included (for doubles <c>CompareTo</c> puts NaN below every number).
/// </summary>
public interface IOrderTest
{
    static abstract bool Accepts(int order);

    static abstract Vector256<T> Test<T>(Vector256<T> values, Vector256<T> constant)
        where T : INumber<T>;

    static abstract Vector512<T> Test<T>(Vector512<T> values, Vector512<T> constant)
        where T : INumber<T>;
}

public readonly struct EqualTest : IOrderTest
{
    public static bool Accepts(int order) => order == 0;

    public static Vector256<T> Test<T>(Vector256<T> values, Vector256<T> constant)
        where T : INumber<T> => Vector256.Equals(values, constant);

    public static Vector512<T> Test<T>(Vector512<T> values, Vector512<T> constant)
        where T : INumber<T> => Vector512.Equals(values, constant);
}

public readonly struct NotEqualTest : IOrderTest
{
    public static bool Accepts(int order) => order != 0;

    public static Vector256<T> Test<T>(Vector256<T> values, Vector256<T> constant)
        where T : INumber<T> => ~Vector256.Equals(values, constant);

    public static Vector512<T> Test<T>(Vector512<T> values, Vector512<T> constant)
        where T : INumber<T> => ~Vector512.Equals(values, constant);
}

public readonly struct LessTest : IOrderTest
{
    public static bool Accepts(int order) => order < 0;

    public static Vector256<T> Test<T>(Vector256<T> values, Vector256<T> constant)
        where T : INumber<T> => Vector256.LessThan(values, constant) | NaNs(values);

    public static Vector512<T> Test<T>(Vector512<T> values, Vector512<T> constant)
        where T : INumber<T> => Vector512.LessThan(values, constant) | NaNs(values);

    internal static Vector256<T> NaNs<T>(Vector256<T> values)
        where T : INumber<T> => typeof(T) == typeof(double) ? ~Vector256.Equals(values, values) : Vector256<T>.Zero;

    internal static Vector512<T> NaNs<T>(Vector512<T> values)
        where T : INumber<T> => typeof(T) == typeof(double) ? ~Vector512.Equals(values, values) : Vector512<T>.Zero;
}

public readonly struct LessOrEqualTest : IOrderTest
{
    public static bool Accepts(int order) => order <= 0;

    public static Vector256<T> Test<T>(Vector256<T> values, Vector256<T> constant)
        where T : INumber<T> => Vector256.LessThanOrEqual(values, constant) | LessTest.NaNs(values);

    public static Vector512<T> Test<T>(Vector512<T> values, Vector512<T> constant)
        where T : INumber<T> => Vector512.LessThanOrEqual(values, constant) | LessTest.NaNs(values);
}

public readonly struct GreaterTest : IOrderTest
{
    public static bool Accepts(int order) => order > 0;

    public static Vector256<T> Test<T>(Vector256<T> values, Vector256<T> constant)
        where T : INumber<T> => Vector256.GreaterThan(values, constant);

    public static Vector512<T> Test<T>(Vector512<T> values, Vector512<T> constant)
        where T : INumber<T> => Vector512.GreaterThan(values, constant);
}

public readonly struct GreaterOrEqualTest : IOrderTest
{
    public static bool Accepts(int order) => order >= 0;

    public static Vector256<T> Test<T>(Vector256<T> values, Vector256<T> constant)
        where T : INumber<T> => Vector256.GreaterThanOrEqual(values, constant);

    public static Vector512<T> Test<T>(Vector512<T> values, Vector512<T> constant)
        where T : INumber<T> => Vector512.GreaterThanOrEqual(values, constant);
}

/// <summary>Every value passes: the second test of a one-test <see cref="SelectionKernels.NarrowMask{T, TTest}"/> (the JIT folds it away).</summary>
internal readonly struct PassTest : IOrderTest
{
    public static bool Accepts(int order) => true;

    public static Vector256<T> Test<T>(Vector256<T> values, Vector256<T> constant)
        where T : INumber<T> => Vector256<T>.AllBitsSet;

    public static Vector512<T> Test<T>(Vector512<T> values, Vector512<T> constant)
        where T : INumber<T> => Vector512<T>.AllBitsSet;
}
