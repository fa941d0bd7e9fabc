using Apache.Arrow;
using Apache.Arrow.Types;
using Parquet;
using Parquet.Schema;
using Field = Apache.Arrow.Field;
using Schema = Apache.Arrow.Schema;

namespace Yoda.Columnar.Persistence;

/// <summary>Moves one column between an Arrow array and a Parquet row group, type by type.</summary>
internal static class ParquetColumns
{
    public static Task WriteAsync(ParquetRowGroupWriter group, DataField field, IArrowArray array, bool nullable) => array switch
    {
        Int8Array a => Primitive<sbyte>(group, field, a.Length, a.GetValue, nullable),
        Int16Array a => Primitive<short>(group, field, a.Length, a.GetValue, nullable),
        Int32Array a => Primitive<int>(group, field, a.Length, a.GetValue, nullable),
        Int64Array a => Primitive<long>(group, field, a.Length, a.GetValue, nullable),
        UInt8Array a => Primitive<byte>(group, field, a.Length, a.GetValue, nullable),
        UInt16Array a => Primitive<ushort>(group, field, a.Length, a.GetValue, nullable),
        UInt32Array a => Primitive<uint>(group, field, a.Length, a.GetValue, nullable),
        UInt64Array a => Primitive<ulong>(group, field, a.Length, a.GetValue, nullable),
        HalfFloatArray a => Primitive<float>(group, field, a.Length, i => a.GetValue(i) is { } h ? (float)h : null, nullable),
        FloatArray a => Primitive<float>(group, field, a.Length, a.GetValue, nullable),
        DoubleArray a => Primitive<double>(group, field, a.Length, a.GetValue, nullable),
        BooleanArray a => Primitive<bool>(group, field, a.Length, a.GetValue, nullable),
        StringArray a => group.WriteAsync(field, Enumerable.Range(0, a.Length).Select(i => a.GetString(i)).ToArray()),
        BinaryArray a => group.WriteAsync(field, Enumerable.Range(0, a.Length).Select(i => a.IsNull(i) ? null : a.GetBytes(i).ToArray()).ToArray()),
        _ => throw new YodaException($"arrays of type {array.Data.DataType.Name} cannot be stored in Parquet yet"),
    };

    public static async Task<IArrowArray> ReadAsync(ParquetRowGroupReader group, DataField field, Field target, int rows)
    {
        switch (target.DataType.TypeId)
        {
            case ArrowTypeId.String:
            {
                var values = new string?[rows];
                await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
                var builder = new StringArray.Builder();
                foreach (var value in values)
                {
                    if (value is null)
                    {
                        builder.AppendNull();
                    }
                    else
                    {
                        builder.Append(value);
                    }
                }

                return builder.Build();
            }

            case ArrowTypeId.Binary:
            {
                var values = new byte[]?[rows];
                await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
                var builder = new BinaryArray.Builder();
                foreach (var value in values)
                {
                    if (value is null)
                    {
                        builder.AppendNull();
                    }
                    else
                    {
                        builder.Append(value.AsSpan());
                    }
                }

                return builder.Build();
            }

            case ArrowTypeId.HalfFloat:
            {
                var values = await Read<float>(group, field, rows).ConfigureAwait(false);
                var builder = new HalfFloatArray.Builder();
                foreach (var value in values)
                {
                    if (value is { } v)
                    {
                        builder.Append((Half)v);
                    }
                    else
                    {
                        builder.AppendNull();
                    }
                }

                return builder.Build();
            }

            default:
                return target.DataType.TypeId switch
                {
                    ArrowTypeId.Int8 => Build(new Int8Array.Builder(), await Read<sbyte>(group, field, rows).ConfigureAwait(false)),
                    ArrowTypeId.Int16 => Build(new Int16Array.Builder(), await Read<short>(group, field, rows).ConfigureAwait(false)),
                    ArrowTypeId.Int32 => Build(new Int32Array.Builder(), await Read<int>(group, field, rows).ConfigureAwait(false)),
                    ArrowTypeId.Int64 => Build(new Int64Array.Builder(), await Read<long>(group, field, rows).ConfigureAwait(false)),
                    ArrowTypeId.UInt8 => Build(new UInt8Array.Builder(), await Read<byte>(group, field, rows).ConfigureAwait(false)),
                    ArrowTypeId.UInt16 => Build(new UInt16Array.Builder(), await Read<ushort>(group, field, rows).ConfigureAwait(false)),
                    ArrowTypeId.UInt32 => Build(new UInt32Array.Builder(), await Read<uint>(group, field, rows).ConfigureAwait(false)),
                    ArrowTypeId.UInt64 => Build(new UInt64Array.Builder(), await Read<ulong>(group, field, rows).ConfigureAwait(false)),
                    ArrowTypeId.Float => Build(new FloatArray.Builder(), await Read<float>(group, field, rows).ConfigureAwait(false)),
                    ArrowTypeId.Double => Build(new DoubleArray.Builder(), await Read<double>(group, field, rows).ConfigureAwait(false)),
                    ArrowTypeId.Boolean => BuildBooleans(await Read<bool>(group, field, rows).ConfigureAwait(false)),
                    _ => throw new YodaException($"column type {target.DataType.Name} cannot be read from Parquet yet"),
                };
        }
    }

    private static Task Primitive<T>(ParquetRowGroupWriter group, DataField field, int length, Func<int, T?> get, bool nullable)
        where T : struct
    {
        if (nullable)
        {
            var values = new T?[length];
            for (var i = 0; i < length; i++)
            {
                values[i] = get(i);
            }

            return group.WriteAsync<T>(field, values.AsMemory());
        }

        var required = new T[length];
        for (var i = 0; i < length; i++)
        {
            required[i] = get(i) ?? throw new YodaException($"column {field.Name} holds a NULL but is not nullable");
        }

        return group.WriteAsync<T>(field, required.AsMemory());
    }

    private static async Task<T?[]> Read<T>(ParquetRowGroupReader group, DataField field, int rows)
        where T : struct
    {
        if (field.IsNullable)
        {
            var values = new T?[rows];
            await group.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
            return values;
        }

        var required = new T[rows];
        await group.ReadAsync<T>(field, required.AsMemory()).ConfigureAwait(false);
        return System.Array.ConvertAll(required, v => (T?)v);
    }

    private static IArrowArray Build<T, TArray, TBuilder>(IArrowArrayBuilder<T, TArray, TBuilder> builder, T?[] values)
        where T : struct
        where TArray : IArrowArray
        where TBuilder : IArrowArrayBuilder<TArray>
    {
        foreach (var value in values)
        {
            if (value is { } v)
            {
                builder.Append(v);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build(default);
    }

    private static IArrowArray BuildBooleans(bool?[] values)
    {
        var builder = new BooleanArray.Builder();
        foreach (var value in values)
        {
            if (value is { } v)
            {
                builder.Append(v);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }
}
