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

    public static object?[] Values(ColumnVector v, int[] rows) => rows.Select(v.GetValue).ToArray();
}
