using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Execution;

/// <summary>Turns a dense <see cref="ColumnVector"/> into an Arrow array of the requested type, building the buffers directly.</summary>
public static class ArrowArrayWriter
{
    public static IArrowArray Write(IArrowType type, ColumnVector v)
    {
        if (DynamicArrowColumn.Is(type))
        {
            return DynamicArrowColumn.Write(v);
        }

        if (v.Kind == ValueKind.Dynamic)
        {
            v = AsStatic(type, v);
        }

        var (validity, nullCount) = Validity(v);
        var n = v.Length;
        ArrowBuffer[] buffers = type.TypeId switch
        {
            ArrowTypeId.Int8 => [validity, Values(n, i => (sbyte)v.Longs[i])],
            ArrowTypeId.Int16 => [validity, Values(n, i => (short)v.Longs[i])],
            ArrowTypeId.Int32 => [validity, Values(n, i => (int)v.Longs[i])],
            ArrowTypeId.Int64 => [validity, Values(n, i => v.Longs[i])],
            ArrowTypeId.UInt8 => [validity, Values(n, i => (byte)v.Longs[i])],
            ArrowTypeId.UInt16 => [validity, Values(n, i => (ushort)v.Longs[i])],
            ArrowTypeId.UInt32 => [validity, Values(n, i => (uint)v.Longs[i])],
            ArrowTypeId.UInt64 => [validity, Values(n, i => (ulong)v.Longs[i])],
            ArrowTypeId.HalfFloat => [validity, Values(n, i => (Half)v.Doubles[i])],
            ArrowTypeId.Float => [validity, Values(n, i => (float)v.Doubles[i])],
            ArrowTypeId.Double => [validity, Values(n, i => v.Doubles[i])],
            ArrowTypeId.Boolean => [validity, Bits(n, i => !v.IsNull(i) && v.Longs[i] != 0)],
            ArrowTypeId.String => [validity, .. Variable(n, i => v.IsNull(i) ? [] : Encoding.UTF8.GetBytes(v.Texts[i]))],
            ArrowTypeId.Binary => [validity, .. Variable(n, i => v.IsNull(i) ? [] : v.Blobs[i])],
            _ => throw new YodaException($"result columns of Arrow type {type.Name} are not supported yet"),
        };
        return ArrowArrayFactory.BuildArray(new ArrayData(type, n, nullCount, 0, buffers));
    }

    /// <summary>
    /// A dynamic vector as a vector of the kind the Arrow type stores: Int64 holds only INTEGER rows,
    /// Double takes INTEGERs as REALs, Binary holds only BLOB rows, String renders numbers and blobs as an
    /// OLTP result does (round-trip format, hexadecimal).
    /// </summary>
    private static ColumnVector AsStatic(IArrowType type, ColumnVector v)
    {
        var kind = type.TypeId switch
        {
            ArrowTypeId.Int64 => ValueKind.Integer,
            ArrowTypeId.Double => ValueKind.Real,
            ArrowTypeId.String => ValueKind.Text,
            ArrowTypeId.Binary => ValueKind.Blob,
            _ => throw new YodaException($"a result column of varying type written as Arrow {type.Name} is not supported yet"),
        };
        var values = v.Dynamic;
        var result = ColumnVector.Create(kind, v.Length, v.Nulls is not null);
        for (var i = 0; i < v.Length; i++)
        {
            if (v.IsNull(i))
            {
                result.Nulls![i] = true;
                continue;
            }

            switch (kind)
            {
                case ValueKind.Integer:
                    result.Longs[i] = values.Kinds[i] == ValueKind.Integer ? values.Longs[i] : throw new InvalidOperationException("a non-INTEGER value in an Int64 result column");
                    break;
                case ValueKind.Real:
                    result.Doubles[i] = values.NumberAt(i);
                    break;
                case ValueKind.Blob:
                    result.Blobs[i] = values.Kinds[i] == ValueKind.Blob ? values.Blobs[i] : throw new InvalidOperationException("a non-BLOB value in a Binary result column");
                    break;
                default:
                    result.Texts[i] = values.Kinds[i] switch
                    {
                        ValueKind.Integer => values.Longs[i].ToString(CultureInfo.InvariantCulture),
                        ValueKind.Real => values.Doubles[i].ToString("R", CultureInfo.InvariantCulture),
                        ValueKind.Text => values.Texts[i],
                        _ => Convert.ToHexString(values.Blobs[i]),
                    };
                    break;
            }
        }

        return result;
    }

    private static (ArrowBuffer Buffer, int NullCount) Validity(ColumnVector v)
    {
        if (v.Nulls is null)
        {
            return (ArrowBuffer.Empty, 0);
        }

        var nullCount = v.Nulls.AsSpan(0, v.Length).Count(true);
        return nullCount == 0 ? (ArrowBuffer.Empty, 0) : (Bits(v.Length, i => !v.Nulls[i]), nullCount);
    }

    private static ArrowBuffer Values<T>(int n, Func<int, T> value)
        where T : struct
    {
        var values = new T[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = value(i);
        }

        return new ArrowBuffer(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    private static ArrowBuffer Bits(int n, Func<int, bool> bit)
    {
        var bytes = new byte[(n + 7) / 8];
        for (var i = 0; i < n; i++)
        {
            if (bit(i))
            {
                bytes[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return new ArrowBuffer(bytes);
    }

    private static ArrowBuffer[] Variable(int n, Func<int, byte[]> bytesOf)
    {
        var offsets = new int[n + 1];
        var data = new List<byte>();
        for (var i = 0; i < n; i++)
        {
            data.AddRange(bytesOf(i));
            offsets[i + 1] = data.Count;
        }

        return [new ArrowBuffer(MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray()), new ArrowBuffer(data.ToArray())];
    }
}
