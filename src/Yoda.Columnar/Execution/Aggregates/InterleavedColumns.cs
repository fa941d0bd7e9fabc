namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// One column made of rows of several columns of the same kind, picked in a given order: the result
/// column of a partitioned aggregation, whose partitions each hold some of the groups. Texts that
/// are still UTF-8 bytes stay bytes (no string per row).
/// </summary>
internal static class InterleavedColumns
{
    /// <summary>Row k is row <paramref name="rows"/>[k] of <paramref name="parts"/>[<paramref name="partOf"/>[k]].</summary>
    public static ColumnVector Interleave(ColumnVector[] parts, ReadOnlySpan<int> partOf, ReadOnlySpan<int> rows)
    {
        var count = rows.Length;
        var nulls = parts.Any(p => p.Nulls is not null) ? new bool[count] : null;
        if (nulls is not null)
        {
            for (var k = 0; k < count; k++)
            {
                nulls[k] = parts[partOf[k]].IsNull(rows[k]);
            }
        }

        var kind = parts[0].Kind;
        if (parts.Any(p => p.Kind != kind))
        {
            return Copied(parts, partOf, rows, ValueKind.Dynamic, nulls);
        }

        switch (kind)
        {
            case ValueKind.Integer:
                var longs = new long[count];
                for (var k = 0; k < count; k++)
                {
                    longs[k] = parts[partOf[k]].LongValues[rows[k]];
                }

                return ColumnVector.OfLongs(longs, nulls);
            case ValueKind.Real:
                var doubles = new double[count];
                for (var k = 0; k < count; k++)
                {
                    doubles[k] = parts[partOf[k]].DoubleValues[rows[k]];
                }

                return ColumnVector.OfDoubles(doubles, nulls);
            case ValueKind.Text when parts.All(p => p.HasUtf8):
                return Utf8(parts, partOf, rows, nulls);
            case ValueKind.Dynamic:
                var values = new DynamicValues(count);
                for (var k = 0; k < count; k++)
                {
                    var (source, row) = (parts[partOf[k]].Dynamic, rows[k]);
                    values.Kinds[k] = source.Kinds[row];
                    values.Longs[k] = source.Longs[row];
                    values.Doubles[k] = source.Doubles[row];
                    values.Texts[k] = source.Texts[row];
                    values.Blobs[k] = source.Blobs[row];
                }

                return ColumnVector.OfDynamic(values, nulls);
            default:
                return Copied(parts, partOf, rows, kind, nulls);
        }
    }

    private static ColumnVector Utf8(ColumnVector[] parts, ReadOnlySpan<int> partOf, ReadOnlySpan<int> rows, bool[]? nulls)
    {
        var bytes = 0L;
        for (var k = 0; k < rows.Length; k++)
        {
            bytes += parts[partOf[k]].Utf8At(rows[k]).Length;
        }

        if (bytes > Array.MaxLength)
        {
            throw new YodaException("a text result column of more than 2 GB is not supported yet");
        }

        var builder = new Utf8VectorBuilder(rows.Length, (int)bytes);
        for (var k = 0; k < rows.Length; k++)
        {
            var text = parts[partOf[k]].Utf8At(rows[k]);
            text.CopyTo(builder.Next(text.Length));
        }

        return builder.Build(nulls);
    }

    /// <summary>Row by row, for texts held as strings and blobs (references copied), or parts of differing kinds (into dynamic values).</summary>
    private static ColumnVector Copied(ColumnVector[] parts, ReadOnlySpan<int> partOf, ReadOnlySpan<int> rows, ValueKind kind, bool[]? nulls)
    {
        var result = ColumnVector.Create(kind, rows.Length, withNulls: nulls is not null);
        for (var k = 0; k < rows.Length; k++)
        {
            result.CopyFrom(k, parts[partOf[k]], rows[k]);
        }

        return result;
    }
}
