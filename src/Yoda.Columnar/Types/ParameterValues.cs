using System.Numerics;

namespace Yoda.Columnar.Types;

/// <summary>
/// Normalises user parameter values to the SQLite value model: NULL, 64-bit integer, real,
/// text or blob. Anything else is an <see cref="ArgumentException"/> naming the parameter.
/// One rule for both sides: the OLTP binder and the OLAP binder read the same values.
/// </summary>
public static class ParameterValues
{
    public static object?[] Normalize(IReadOnlyList<object?>? parameters)
    {
        if (parameters is null)
        {
            return [];
        }

        var values = new object?[parameters.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Normalize(parameters[i], i);
        }

        return values;
    }

    /// <summary>One value; <paramref name="index"/> (0-based) names it in errors.</summary>
    public static object? Normalize(object? value, int index) => value switch
    {
        null or DBNull => null,
        bool b => b ? 1L : 0L,
        sbyte v => (long)v,
        byte v => (long)v,
        short v => (long)v,
        ushort v => (long)v,
        int v => (long)v,
        uint v => (long)v,
        long v => v,
        ulong v => v <= long.MaxValue ? (long)v : v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BigInteger v => v >= long.MinValue && v <= long.MaxValue ? (long)v : v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        float v => (double)v,
        double v => v,
        decimal v => (double)v,
        string v => v,
        byte[] v => v,
        _ => throw new ArgumentException(
            $"parameter {index} has type {value.GetType().FullName}, which cannot be bound; "
            + "use null, bool, an integer type, float, double, decimal, BigInteger, string or byte[]",
            "parameters"),
    };
}
