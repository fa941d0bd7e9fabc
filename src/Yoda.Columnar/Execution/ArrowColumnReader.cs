using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Execution;

/// <summary>Reads a row range of an Arrow array into a <see cref="ColumnVector"/> (integers widen to 64 bits, floats to double, booleans to 0/1).</summary>
public static class ArrowColumnReader
{
    /// <summary>The SQL storage class of an Arrow column type.</summary>
    public static ValueKind KindOf(IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64 or ArrowTypeId.UInt8 or ArrowTypeId.UInt16
            or ArrowTypeId.UInt32 or ArrowTypeId.UInt64 or ArrowTypeId.Boolean => ValueKind.Integer,
        ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double => ValueKind.Real,
        ArrowTypeId.String => ValueKind.Text,
        ArrowTypeId.Binary => ValueKind.Blob,
        ArrowTypeId.Union when DynamicArrowColumn.Is(type) => ValueKind.Dynamic,
        _ => throw new YodaException($"columns of Arrow type {type.Name} are not supported yet"),
    };

    /// <summary>
    /// Reads rows <paramref name="start"/> .. + <paramref name="length"/>. Text and blobs are decoded
    /// only for the <paramref name="selected"/> rows (the others hold empty values), text only when
    /// some code asks for strings (<see cref="ColumnVector.OfUtf8"/>); a text vector keeps <paramref name="column"/>
    /// (<see cref="ColumnVector.StoredUtf8Column"/>).
    /// </summary>
    public static ColumnVector Read(IArrowArray array, int start, int length, int[] selected, TextDecoder decoder, object? column = null)
    {
        if (array is DenseUnionArray union && DynamicArrowColumn.Is(union.Type))
        {
            return DynamicArrowColumn.Read(union, start, length, selected, decoder);
        }

        var nulls = array.NullCount == 0 ? null : Nulls(array, start, length);

        return array switch
        {
            Int8Array a => Longs(a.Values.Slice(start, length), nulls),
            Int16Array a => Longs(a.Values.Slice(start, length), nulls),
            Int32Array a => Longs(a.Values.Slice(start, length), nulls),
            Int64Array a => ColumnVector.OfStoredLongs(a, start, length, nulls),
            UInt8Array a => Longs(a.Values.Slice(start, length), nulls),
            UInt16Array a => Longs(a.Values.Slice(start, length), nulls),
            UInt32Array a => Longs(a.Values.Slice(start, length), nulls),
            UInt64Array a => UInt64s(a.Values.Slice(start, length), nulls),
            HalfFloatArray a => Doubles(a.Values.Slice(start, length), nulls),
            FloatArray a => Doubles(a.Values.Slice(start, length), nulls),
            DoubleArray a => ColumnVector.OfStoredDoubles(a, start, length, nulls),
            BooleanArray a => Booleans(a, start, length, nulls),
            StringArray a => ColumnVector.OfUtf8(a, start, length, selected, nulls, decoder, column),
            BinaryArray a => Blobs(a, start, length, selected, nulls),
            _ => throw new YodaException($"columns of Arrow type {array.Data.DataType.Name} are not supported yet"),
        };
    }

    private static ColumnVector Longs<T>(ReadOnlySpan<T> values, bool[]? nulls)
        where T : struct, System.Numerics.INumberBase<T>
    {
        var longs = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            longs[i] = long.CreateTruncating(values[i]);
        }

        return ColumnVector.OfLongs(longs, nulls);
    }

    private static ColumnVector UInt64s(ReadOnlySpan<ulong> values, bool[]? nulls)
    {
        var longs = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] > long.MaxValue && (nulls is null || !nulls[i]))
            {
                throw new YodaException($"UInt64 value {values[i]} above the 64-bit signed range is not supported yet");
            }

            longs[i] = (long)values[i];
        }

        return ColumnVector.OfLongs(longs, nulls);
    }

    private static ColumnVector Doubles<T>(ReadOnlySpan<T> values, bool[]? nulls)
        where T : struct, System.Numerics.INumberBase<T>
    {
        var doubles = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            doubles[i] = double.CreateChecked(values[i]);
        }

        return ColumnVector.OfDoubles(doubles, nulls);
    }

    private static ColumnVector Booleans(BooleanArray array, int start, int length, bool[]? nulls)
    {
        var longs = new long[length];
        for (var i = 0; i < length; i++)
        {
            longs[i] = array.GetValue(start + i) == true ? 1 : 0;
        }

        return ColumnVector.OfLongs(longs, nulls);
    }

    private static bool[] Nulls(IArrowArray array, int start, int length)
    {
        var nulls = new bool[length];
        var validity = array.Data.Buffers[0].Span;
        var offset = array.Offset + start;
        for (var i = 0; i < length; i++)
        {
            var bit = offset + i;
            nulls[i] = ((validity[bit >> 3] >> (bit & 7)) & 1) == 0;
        }

        return nulls;
    }

    private static ColumnVector Blobs(BinaryArray array, int start, int length, int[] selected, bool[]? nulls)
    {
        var blobs = new byte[length][];
        if (selected.Length < length)
        {
            System.Array.Fill(blobs, []);
        }

        foreach (var i in selected)
        {
            blobs[i] = nulls is not null && nulls[i] ? [] : array.GetBytes(start + i).ToArray();
        }

        return ColumnVector.OfBlobs(blobs, nulls);
    }
}
