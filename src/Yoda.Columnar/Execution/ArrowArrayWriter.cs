using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Execution;

/// <summary>Turns a dense <see cref="ColumnVector"/> into an Arrow array of the requested type, building the buffers directly.</summary>
public static class ArrowArrayWriter
{
    /// <summary>
    /// The <paramref name="rows"/> of <paramref name="v"/> as an Arrow array: text still in storage
    /// form is copied as its bytes, other vectors are gathered first (unless the rows are all of them).
    /// </summary>
    public static IArrowArray Write(IArrowType type, ColumnVector v, int[] rows)
    {
        var consecutive = IsRange(rows);
        if (consecutive && RangeCopied(type, v, rows.Length == 0 ? 0 : rows[0], rows.Length) is { } range)
        {
            return range;
        }

        if (type.TypeId == ArrowTypeId.String && v.Kind == ValueKind.Text && v.HasUtf8 && !DynamicArrowColumn.Is(type))
        {
            var nulls = v.Nulls is null ? null : GatherNulls(v.Nulls, rows);
            var (validity, nullCount) = Validity(nulls, rows.Length);
            return ArrowArrayFactory.BuildArray(new ArrayData(type, rows.Length, nullCount, 0, [validity, .. Text(v, rows, rows.Length)]));
        }

        return Write(type, consecutive && IsAllRows(rows, v.Length) ? v : v.Gather(rows));
    }

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
            ArrowTypeId.String => [validity, .. Text(v, null, n)],
            ArrowTypeId.Binary => [validity, .. Binary(v)],
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

    private static (ArrowBuffer Buffer, int NullCount) Validity(ColumnVector v) => Validity(v.Nulls, v.Length);

    private static (ArrowBuffer Buffer, int NullCount) Validity(bool[]? nulls, int n)
    {
        if (nulls is null)
        {
            return (ArrowBuffer.Empty, 0);
        }

        var nullCount = nulls.AsSpan(0, n).Count(true);
        return nullCount == 0 ? (ArrowBuffer.Empty, 0) : (Bits(n, i => !nulls[i]), nullCount);
    }

    private static bool[] GatherNulls(bool[] nulls, int[] rows)
    {
        var gathered = new bool[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            gathered[k] = nulls[rows[k]];
        }

        return gathered;
    }

    /// <summary>
    /// Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of an INTEGER,
    /// REAL or stored TEXT vector written as Int64, Double or String by block copies (the batches of a
    /// large result: a million groups' keys and sums), or null for any other vector or type.
    /// </summary>
    private static IArrowArray? RangeCopied(IArrowType type, ColumnVector v, int start, int count)
    {
        ArrowBuffer[]? values = (type.TypeId, v.Kind) switch
        {
            (ArrowTypeId.Int64, ValueKind.Integer) => [new ArrowBuffer(MemoryMarshal.AsBytes(v.LongValues.Slice(start, count)).ToArray())],
            (ArrowTypeId.Double, ValueKind.Real) => [new ArrowBuffer(MemoryMarshal.AsBytes(v.DoubleValues.Slice(start, count)).ToArray())],
            (ArrowTypeId.String, ValueKind.Text) when v.HasUtf8 => TextRange(v.StoredUtf8Array!, v.StoredUtf8Start + start, count, v.Nulls is null ? default : v.Nulls.AsSpan(start, count)),
            _ => null,
        };
        if (values is null)
        {
            return null;
        }

        var (validity, nullCount) = v.Nulls is null ? (ArrowBuffer.Empty, 0) : Validity(v.Nulls.AsSpan(start, count));
        return ArrowArrayFactory.BuildArray(new ArrayData(type, count, nullCount, 0, [validity, .. values]));
    }

    /// <summary>
    /// Offsets and bytes of <paramref name="count"/> consecutive rows of a stored UTF-8 array from
    /// <paramref name="first"/>: one copy of the bytes, offsets moved to start at 0. Null when a NULL
    /// row has bytes in the array (they would be written; the row-by-row copy writes it empty).
    /// </summary>
    private static ArrowBuffer[]? TextRange(StringArray array, int first, int count, ReadOnlySpan<bool> nulls)
    {
        var sourceEnds = array.ValueOffsets.Slice(first, count + 1);
        for (var k = 0; k < nulls.Length; k++)
        {
            if (nulls[k] && sourceEnds[k + 1] != sourceEnds[k])
            {
                return null;
            }
        }

        var from = sourceEnds[0];
        var offsets = new byte[(count + 1) * sizeof(int)];
        var ends = MemoryMarshal.Cast<byte, int>(offsets.AsSpan());
        for (var k = 0; k <= count; k++)
        {
            ends[k] = sourceEnds[k] - from;
        }

        return [new ArrowBuffer(offsets), new ArrowBuffer(array.Values[from..sourceEnds[count]].ToArray())];
    }

    private static (ArrowBuffer Buffer, int NullCount) Validity(ReadOnlySpan<bool> nulls)
    {
        var nullCount = nulls.Count(true);
        if (nullCount == 0)
        {
            return (ArrowBuffer.Empty, 0);
        }

        var bytes = new byte[(nulls.Length + 7) / 8];
        for (var i = 0; i < nulls.Length; i++)
        {
            if (!nulls[i])
            {
                bytes[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return (new ArrowBuffer(bytes), nullCount);
    }

    /// <summary>True when <paramref name="rows"/> are consecutive row numbers.</summary>
    private static bool IsRange(int[] rows)
    {
        for (var k = 1; k < rows.Length; k++)
        {
            if (rows[k] != rows[0] + k)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when consecutive <paramref name="rows"/> are every row of a vector of <paramref name="length"/> rows. Only
    /// for consecutive rows: a sorted chunk's selection is a permutation, which may start at row 0 and end at the last
    /// row without being every row in order (a sort's result of more than a chunk's rows came out in its input order).
    /// </summary>
    private static bool IsAllRows(int[] rows, int length) =>
        rows.Length == length && (length == 0 || (rows[0] == 0 && rows[^1] == length - 1));

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

    /// <summary>
    /// Offsets and bytes of <paramref name="count"/> rows of a TEXT vector, <paramref name="rows"/>
    /// (null: the first rows), empty for NULL rows: stored bytes copied, strings encoded into one buffer.
    /// </summary>
    private static ArrowBuffer[] Text(ColumnVector v, int[]? rows, int count)
    {
        var offsets = new byte[(count + 1) * sizeof(int)];
        var ends = MemoryMarshal.Cast<byte, int>(offsets.AsSpan());
        var stored = v.HasUtf8 ? v.Utf8Texts : default;
        var texts = v.HasUtf8 ? null : v.Texts;
        var total = 0L;
        for (var k = 0; k < count; k++)
        {
            var row = rows is null ? k : rows[k];
            total += v.IsNull(row) ? 0 : texts is null ? stored[row].Length : Encoding.UTF8.GetByteCount(texts[row]);
        }

        var data = new byte[CheckedLength(total)];
        for (var k = 0; k < count; k++)
        {
            var row = rows is null ? k : rows[k];
            var length = v.IsNull(row) ? 0
                : texts is null ? CopyTo(stored[row], data.AsSpan(ends[k]))
                : Encoding.UTF8.GetBytes(texts[row], data.AsSpan(ends[k]));
            ends[k + 1] = ends[k] + length;
        }

        return [new ArrowBuffer(offsets), new ArrowBuffer(data)];
    }

    /// <summary>Offsets and bytes of a dense BLOB vector (empty for NULL rows).</summary>
    private static ArrowBuffer[] Binary(ColumnVector v)
    {
        var blobs = v.Blobs;
        var offsets = new byte[(v.Length + 1) * sizeof(int)];
        var ends = MemoryMarshal.Cast<byte, int>(offsets.AsSpan());
        var total = 0L;
        for (var k = 0; k < v.Length; k++)
        {
            total += v.IsNull(k) ? 0 : blobs[k].Length;
        }

        var data = new byte[CheckedLength(total)];
        for (var k = 0; k < v.Length; k++)
        {
            ends[k + 1] = ends[k] + (v.IsNull(k) ? 0 : CopyTo(blobs[k], data.AsSpan(ends[k])));
        }

        return [new ArrowBuffer(offsets), new ArrowBuffer(data)];
    }

    private static int CopyTo(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }

    private static int CheckedLength(long total) =>
        total <= System.Array.MaxLength ? (int)total : throw new YodaException("a text or blob result column of more than 2 GB in one batch is not supported yet");
}
