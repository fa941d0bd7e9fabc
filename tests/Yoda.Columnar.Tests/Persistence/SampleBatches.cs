using Apache.Arrow;
using Yoda.Columnar.Storage;
using Yoda.Columnar.Types;

namespace Yoda.Columnar.Tests.Persistence;

/// <summary>A batch over every column type, with NULLs, extremes and awkward text.</summary>
internal static class SampleBatches
{
    public static readonly string[] Types =
        ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32", "float64", "utf8", "bool", "binary"];

    public static Schema Schema(bool nullable = true) => new(
        Types.Select(t => new Field("c_" + t, ColumnTypes.TryParse(t, out var type) ? type : throw new ArgumentException(t), nullable)),
        metadata: null);

    public static RecordBatch Batch(int rows, bool nullable = true)
    {
        var schema = Schema(nullable);
        var arrays = schema.FieldsList.Select(field =>
        {
            var builder = ColumnBuilder.Create(field.Name, field.DataType);
            for (var r = 0; r < rows; r++)
            {
                builder.Append(nullable && r % 4 == 3 ? null : Value(field.Name["c_".Length..], r));
            }

            return builder.Build();
        }).ToList();
        return new RecordBatch(schema, arrays, rows);
    }

    private static object Value(string type, int r) => type switch
    {
        "int8" => (long)(sbyte)(r * 37),
        "int16" => (long)(short)(r * 3001),
        "int32" => r % 5 == 0 ? int.MinValue : (long)r * 100_003,
        "int64" => r % 5 == 0 ? long.MaxValue : -r * 1_000_000_007L,
        "uint8" => (long)(byte)r,
        "uint16" => (long)(ushort)(r * 999),
        "uint32" => r % 5 == 0 ? uint.MaxValue : (long)r,
        "uint64" => r % 5 == 0 ? long.MaxValue : r,
        "float16" => r / 8.0,
        "float32" => (double)(float)(r * 1.1),
        "float64" => r % 5 == 0 ? -0.0 : r * 1e300 / 3,
        "utf8" => r % 5 == 0 ? "" : $"é'ß {r} 😀\0x",
        "bool" => (long)(r % 2),
        "binary" => r % 5 == 0 ? System.Array.Empty<byte>() : new byte[] { (byte)r, 0, 255 },
        _ => throw new ArgumentException(type),
    };

    /// <summary>Every value of a batch as the storage value model, for comparison.</summary>
    public static List<object?[]> Rows(RecordBatch batch) =>
        Enumerable.Range(0, batch.Length)
            .Select(r => Enumerable.Range(0, batch.ColumnCount).Select(c => ArrowValues.Get(batch.Column(c), r)).ToArray())
            .ToList();
}
