using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Storage;

/// <summary>
/// Builds one column of staged rows (row-major <see cref="StorageValue"/>s, already checked
/// against the column's type) into an Arrow array. The common types — 64-bit integers, doubles
/// and text — are written straight into Arrow buffers; the others go value by value through a
/// <see cref="ColumnBuilder"/>.
/// </summary>
internal static class StagedColumns
{
    public static IArrowArray Build(Field field, ReadOnlySpan<StorageValue> rows, int column, int width, int count) =>
        field.DataType.TypeId switch
        {
            ArrowTypeId.Int64 => new Int64Array(Integers(rows, column, width, count), Validity(rows, column, width, count, out var nulls), count, nulls, 0),
            ArrowTypeId.Double => new DoubleArray(Reals(rows, column, width, count), Validity(rows, column, width, count, out var nulls), count, nulls, 0),
            ArrowTypeId.String => Text(field.Name, rows, column, width, count),
            _ => ValueByValue(field, rows, column, width, count),
        };

    private static ArrowBuffer Integers(ReadOnlySpan<StorageValue> rows, int column, int width, int count)
    {
        var values = new ArrowBuffer.Builder<long>(count).Resize(count);
        var span = values.Span;
        for (int r = 0, at = column; r < count; r++, at += width)
        {
            span[r] = rows[at].Integer; // 0 under a NULL
        }

        return values.Build();
    }

    private static ArrowBuffer Reals(ReadOnlySpan<StorageValue> rows, int column, int width, int count)
    {
        var values = new ArrowBuffer.Builder<double>(count).Resize(count);
        var span = values.Span;
        for (int r = 0, at = column; r < count; r++, at += width)
        {
            ref readonly var value = ref rows[at];
            span[r] = value.Kind == StorageKind.Integer ? value.Integer : value.Real;
        }

        return values.Build();
    }

    private static StringArray Text(string name, ReadOnlySpan<StorageValue> rows, int column, int width, int count)
    {
        var offsets = new ArrowBuffer.Builder<int>(count + 1).Resize(count + 1);
        var offsetSpan = offsets.Span;
        long total = 0;
        for (int r = 0, at = column; r < count; r++, at += width)
        {
            offsetSpan[r] = (int)total;
            if (!rows[at].IsNull)
            {
                total += Encoding.UTF8.GetByteCount(rows[at].Text);
            }
        }

        if (total > int.MaxValue)
        {
            throw new YodaException($"column {name}: more than 2 GB of text in one segment is not supported yet");
        }

        offsetSpan[count] = (int)total;
        var data = new ArrowBuffer.Builder<byte>((int)total).Resize((int)total);
        var dataSpan = data.Span;
        for (int r = 0, at = column; r < count; r++, at += width)
        {
            if (!rows[at].IsNull)
            {
                Encoding.UTF8.GetBytes(rows[at].Text, dataSpan[offsetSpan[r]..offsetSpan[r + 1]]);
            }
        }

        var validity = Validity(rows, column, width, count, out var nulls);
        return new StringArray(count, offsets.Build(), data.Build(), validity, nulls, 0);
    }

    /// <summary>The validity bitmap, or an empty buffer when no value is NULL.</summary>
    private static ArrowBuffer Validity(ReadOnlySpan<StorageValue> rows, int column, int width, int count, out int nulls)
    {
        nulls = 0;
        for (var at = column; at < count * width; at += width)
        {
            nulls += rows[at].IsNull ? 1 : 0;
        }

        if (nulls == 0)
        {
            return ArrowBuffer.Empty;
        }

        var bitmap = new ArrowBuffer.BitmapBuilder(count);
        for (var at = column; at < count * width; at += width)
        {
            bitmap.Append(!rows[at].IsNull);
        }

        return bitmap.Build();
    }

    private static IArrowArray ValueByValue(Field field, ReadOnlySpan<StorageValue> rows, int column, int width, int count)
    {
        var builder = ColumnBuilder.Create(field.Name, field.DataType);
        for (var at = column; at < count * width; at += width)
        {
            builder.AppendChecked(rows[at]);
        }

        return builder.Build();
    }
}
