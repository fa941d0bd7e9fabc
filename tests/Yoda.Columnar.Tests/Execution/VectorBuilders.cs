using Apache.Arrow;
using Yoda.Columnar.Execution;

namespace Yoda.Columnar.Tests.Execution;

internal static class VectorBuilders
{
    public static ColumnVector Longs(params long?[] values) =>
        ColumnVector.OfLongs(values.Select(v => v ?? 0).ToArray(), values.Select(v => v is null).ToArray());

    public static ColumnVector Doubles(params double?[] values) =>
        ColumnVector.OfDoubles(values.Select(v => v ?? 0).ToArray(), values.Select(v => v is null).ToArray());

    public static ColumnVector Texts(params string?[] values) =>
        ColumnVector.OfTexts(values.Select(v => v ?? string.Empty).ToArray(), values.Select(v => v is null).ToArray());

    /// <summary>An Arrow UTF-8 array of <paramref name="values"/>, NULL where a value is null (texts as stored segments hold them).</summary>
    public static StringArray Utf8Array(IEnumerable<string?> values)
    {
        var builder = new StringArray.Builder();
        foreach (var value in values)
        {
            _ = value is null ? builder.AppendNull() : builder.Append(value);
        }

        return builder.Build();
    }

    /// <summary>A <see cref="ValueKind.Dynamic"/> vector: each value keeps its own storage class.</summary>
    public static ColumnVector Dynamic(params object?[] values)
    {
        var vector = ColumnVector.Create(ValueKind.Dynamic, values.Length, withNulls: true);
        for (var i = 0; i < values.Length; i++)
        {
            vector.SetValue(i, values[i]);
        }

        return vector;
    }

    public static object?[] Values(ColumnVector v, int[] rows) => rows.Select(v.GetValue).ToArray();
}
