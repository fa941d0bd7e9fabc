using Apache.Arrow;
using Apache.Arrow.Types;
using Parquet;
using Parquet.Schema;
using Yoda.Columnar.Types;
using Field = Apache.Arrow.Field;
using Schema = Apache.Arrow.Schema;

namespace Yoda.Columnar.Persistence;

/// <summary>
/// Parquet files written with Parquet.Net, one row group per file, readable by DuckDB, Spark or
/// pandas. Each Arrow type maps to the Parquet physical and logical type of the same width and
/// signedness; float16 is stored as FLOAT (float32, exactly) because Parquet.Net has no FLOAT16.
/// </summary>
internal sealed class ParquetCodec : SegmentCodec
{
    public override string Extension => ".parquet";

    public override byte[] Encode(RecordBatch batch)
    {
        var fields = batch.Schema.FieldsList.Select(ToParquet).ToArray();
        using var buffer = new MemoryStream();
        Run(async () =>
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), buffer).ConfigureAwait(false);
            using var group = writer.CreateRowGroup();
            for (var c = 0; c < fields.Length; c++)
            {
                await ParquetColumns.WriteAsync(group, fields[c], batch.Column(c), batch.Schema.FieldsList[c].IsNullable).ConfigureAwait(false);
            }
        });
        return buffer.ToArray();
    }

    public override RecordBatch Decode(byte[] content, Schema expected, int rows, string path)
    {
        try
        {
            return Run(async () =>
            {
                await using var reader = await ParquetReader.CreateAsync(new MemoryStream(content, writable: false)).ConfigureAwait(false);
                var fields = reader.Schema.GetDataFields();
                var found = new Schema(fields.Select((f, i) => FromParquet(f, i < expected.FieldsList.Count ? expected.FieldsList[i] : null)), metadata: null);
                var actualRows = reader.RowGroupCount == 1 ? (int)reader.OpenRowGroupReader(0).RowCount : -1;
                if (reader.RowGroupCount != 1)
                {
                    throw new YodaException($"storage file {path} is damaged: {reader.RowGroupCount} row groups where Yoda writes one");
                }

                CheckShape(found, expected, actualRows, rows, path);
                using var group = reader.OpenRowGroupReader(0);
                var arrays = new IArrowArray[fields.Length];
                for (var c = 0; c < fields.Length; c++)
                {
                    arrays[c] = await ParquetColumns.ReadAsync(group, fields[c], expected.FieldsList[c], rows).ConfigureAwait(false);
                }

                return new RecordBatch(expected, arrays, rows);
            });
        }
        catch (Exception e) when (e is not YodaException)
        {
            throw new YodaException($"storage file {path} is damaged: not a readable Parquet file ({e.Message})", e);
        }
    }

    private static DataField ToParquet(Field field) => new(field.Name, ClrType(field.DataType), field.IsNullable);

    /// <summary>The Arrow field a Parquet column stands for; a FLOAT column is float16 where the table says so.</summary>
    private static Field FromParquet(DataField field, Field? expected)
    {
        var type = ArrowType(field.ClrType);
        if (type.TypeId == ArrowTypeId.Float && expected?.DataType.TypeId == ArrowTypeId.HalfFloat)
        {
            type = HalfFloatType.Default;
        }

        return new Field(field.Name, type, field.IsNullable);
    }

    private static Type ClrType(IArrowType type) =>
        ColumnTypes.ClrType(type) ?? throw new YodaException($"column type {type.Name} cannot be stored in Parquet yet");

    private static IArrowType ArrowType(Type clr) =>
        clr == typeof(sbyte) ? Int8Type.Default
        : clr == typeof(short) ? Int16Type.Default
        : clr == typeof(int) ? Int32Type.Default
        : clr == typeof(long) ? Int64Type.Default
        : clr == typeof(byte) ? UInt8Type.Default
        : clr == typeof(ushort) ? UInt16Type.Default
        : clr == typeof(uint) ? UInt32Type.Default
        : clr == typeof(ulong) ? UInt64Type.Default
        : clr == typeof(float) ? FloatType.Default
        : clr == typeof(double) ? DoubleType.Default
        : clr == typeof(bool) ? BooleanType.Default
        : clr == typeof(string) || clr == typeof(ReadOnlyMemory<char>) ? StringType.Default
        : clr == typeof(byte[]) || clr == typeof(ReadOnlyMemory<byte>) ? BinaryType.Default
        : throw new YodaException($"Parquet column type {clr.Name} is not one Yoda writes");

    /// <summary>Parquet.Net is asynchronous only; over a memory stream it does no I/O, so waiting is safe.</summary>
    private static T Run<T>(Func<Task<T>> work) => Task.Run(work).GetAwaiter().GetResult();

    private static void Run(Func<Task> work) => Task.Run(work).GetAwaiter().GetResult();
}
