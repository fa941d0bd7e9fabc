using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Yoda.Columnar.Storage;

/// <summary>
/// Rewrites a segment with only its live rows, in their order: new Arrow arrays (so new zone
/// maps), no deletion vector. The old segment is left untouched for the snapshots that hold it.
/// </summary>
public static class SegmentCompactor
{
    /// <summary>
    /// The compacted segment, and in <paramref name="newRows"/> (one entry per old row) each live
    /// row's new row number, -1 for deleted rows.
    /// </summary>
    public static Segment Compact(Segment segment, int[] newRows, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(newRows.Length, segment.RowCount, nameof(newRows));
        var liveRows = new int[segment.LiveRowCount];
        var live = 0;
        for (var row = 0; row < segment.RowCount; row++)
        {
            if (segment.IsLive(row))
            {
                liveRows[live] = row;
                newRows[row] = live++;
            }
            else
            {
                newRows[row] = -1;
            }
        }

        var batch = segment.Batch;
        var arrays = new IArrowArray[batch.ColumnCount];
        for (var c = 0; c < arrays.Length; c++)
        {
            ct.ThrowIfCancellationRequested();
            arrays[c] = batch.Column(c) switch
            {
                Int64Array values => Gather(values, values.Values, liveRows),
                DoubleArray values => Gather(values, values.Values, liveRows),
                Int32Array values => Gather(values, values.Values, liveRows),
                BinaryArray values => GatherBytes(values, liveRows),
                var other => CopyRows(other, liveRows),
            };
        }

        return new Segment(new RecordBatch(batch.Schema, arrays, live), null, segment.Compactions + 1);
    }

    /// <summary>Fixed-width values of the live rows, read straight from the source's buffer.</summary>
    private static IArrowArray Gather<T>(IArrowArray source, ReadOnlySpan<T> values, int[] liveRows)
        where T : struct
    {
        var buffer = new byte[liveRows.Length * Unsafe.SizeOf<T>()];
        var gathered = MemoryMarshal.Cast<byte, T>(buffer.AsSpan());
        for (var i = 0; i < liveRows.Length; i++)
        {
            gathered[i] = values[liveRows[i]];
        }

        var (validity, nulls) = Validity(source, liveRows);
        return ArrowArrayFactory.BuildArray(new ArrayData(source.Data.DataType, liveRows.Length, nulls, 0, [validity, new ArrowBuffer(buffer)]));
    }

    /// <summary>Text or binary values of the live rows: their offsets and bytes, copied as stored.</summary>
    private static IArrowArray GatherBytes(BinaryArray source, int[] liveRows)
    {
        var total = 0L;
        foreach (var row in liveRows)
        {
            total += source.GetBytes(row).Length;
        }

        var offsetBytes = new byte[(liveRows.Length + 1) * sizeof(int)];
        var offsets = MemoryMarshal.Cast<byte, int>(offsetBytes.AsSpan());
        var data = new byte[checked((int)total)];
        var used = 0;
        for (var i = 0; i < liveRows.Length; i++)
        {
            var bytes = source.GetBytes(liveRows[i]);
            bytes.CopyTo(data.AsSpan(used));
            used += bytes.Length;
            offsets[i + 1] = used;
        }

        var (validity, nulls) = Validity(source, liveRows);
        return ArrowArrayFactory.BuildArray(new ArrayData(
            source.Data.DataType, liveRows.Length, nulls, 0, [validity, new ArrowBuffer(offsetBytes), new ArrowBuffer(data)]));
    }

    /// <summary>The validity bitmap of the live rows (empty when none is NULL) and their NULL count.</summary>
    private static (ArrowBuffer Validity, int Nulls) Validity(IArrowArray source, int[] liveRows)
    {
        if (source.NullCount == 0)
        {
            return (ArrowBuffer.Empty, 0);
        }

        var bits = new byte[(liveRows.Length + 7) >> 3];
        var nulls = 0;
        for (var i = 0; i < liveRows.Length; i++)
        {
            if (source.IsValid(liveRows[i]))
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
            else
            {
                nulls++;
            }
        }

        return nulls == 0 ? (ArrowBuffer.Empty, 0) : (new ArrowBuffer(bits), nulls);
    }

    /// <summary>Any other type, row by row through a <see cref="TailColumn"/>.</summary>
    private static IArrowArray CopyRows(IArrowArray source, int[] liveRows)
    {
        var column = TailColumn.Create(source.Data.DataType, liveRows.Length, liveRows.Length);
        for (var i = 0; i < liveRows.Length; i++)
        {
            column.CopyRow(i, source, liveRows[i]);
        }

        return column.Build(liveRows.Length, exact: true);
    }
}
