using System.Numerics;

namespace Yoda.Sql.Binding;

/// <summary>Converts a bound parameter's .NET value into a SQL value (null, long, double, string, byte[]) as Microsoft.Data.Sqlite binds it.</summary>
internal static class ParameterValues
{
    public static object? ToSqlValue(object? value, string placeholder) => value switch
    {
        null or DBNull => null,
        bool b => b ? 1L : 0L,
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (long)u : throw new YodaException($"parameter {placeholder}: value {u} is outside the 64-bit integer range"),
        BigInteger big => big >= long.MinValue && big <= long.MaxValue ? (long)big : big.ToString(System.Globalization.CultureInfo.InvariantCulture),
        float f => (double)f,
        double d => d,
        decimal m => (double)m,
        string s => s,
        byte[] bytes => bytes,
        _ => throw new YodaException($"parameter {placeholder}: values of type {value.GetType().Name} are not supported"),
    };
}
