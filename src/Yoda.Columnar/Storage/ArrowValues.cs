using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Storage;

/// <summary>
/// Reads one value out of an Arrow array as the storage layer's value model: integers (and
/// booleans, as 0/1) are <see cref="long"/>, reals <see cref="double"/>, text <see cref="string"/>,
/// binary <see cref="byte"/> arrays, NULL is null.
/// </summary>
public static class ArrowValues
{
    public static object? Get(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            Int64Array a => a.GetValue(index)!.Value,
            Int32Array a => (long)a.GetValue(index)!.Value,
            Int16Array a => (long)a.GetValue(index)!.Value,
            Int8Array a => (long)a.GetValue(index)!.Value,
            UInt8Array a => (long)a.GetValue(index)!.Value,
            UInt16Array a => (long)a.GetValue(index)!.Value,
            UInt32Array a => (long)a.GetValue(index)!.Value,
            UInt64Array a => (long)a.GetValue(index)!.Value,
            DoubleArray a => a.GetValue(index)!.Value,
            FloatArray a => (double)a.GetValue(index)!.Value,
            HalfFloatArray a => (double)a.GetValue(index)!.Value,
            StringArray a => a.GetString(index),
            BooleanArray a => a.GetValue(index)!.Value ? 1L : 0L,
            BinaryArray a => a.GetBytes(index).ToArray(),
            _ => throw new YodaException($"arrays of type {array.Data.DataType.Name} are not supported"),
        };
    }

    /// <summary>Whether <paramref name="value"/> (of the storage value model) fits a column of <paramref name="type"/>.</summary>
    public static string? DescribeMismatch(IArrowType type, object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case long l:
                return type.TypeId switch
                {
                    ArrowTypeId.Int8 when l is < sbyte.MinValue or > sbyte.MaxValue => "out of range for int8",
                    ArrowTypeId.Int16 when l is < short.MinValue or > short.MaxValue => "out of range for int16",
                    ArrowTypeId.Int32 when l is < int.MinValue or > int.MaxValue => "out of range for int32",
                    ArrowTypeId.UInt8 when l is < 0 or > byte.MaxValue => "out of range for uint8",
                    ArrowTypeId.UInt16 when l is < 0 or > ushort.MaxValue => "out of range for uint16",
                    ArrowTypeId.UInt32 when l is < 0 or > uint.MaxValue => "out of range for uint32",
                    ArrowTypeId.UInt64 when l < 0 => "out of range for uint64",
                    ArrowTypeId.Boolean when l is not (0 or 1) => "not a boolean (0 or 1)",
                    ArrowTypeId.String or ArrowTypeId.Binary => "an integer where text or binary is expected",
                    _ => null,
                };
            case double:
                return type.TypeId is ArrowTypeId.Double or ArrowTypeId.Float or ArrowTypeId.HalfFloat
                    ? null
                    : "a real where " + type.Name + " is expected";
            case string:
                return type.TypeId == ArrowTypeId.String ? null : "text where " + type.Name + " is expected";
            case byte[]:
                return type.TypeId == ArrowTypeId.Binary ? null : "a blob where " + type.Name + " is expected";
            default:
                return $"a value of .NET type {value.GetType().Name}";
        }
    }
}
