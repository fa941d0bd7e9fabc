using Apache.Arrow;

namespace Yoda.Bench.Engines;

/// <summary>Reads Arrow record batches into rows of plain values (then normalised).</summary>
public static class ArrowRows
{
    public static QueryResult ToResult(IReadOnlyList<RecordBatch> batches)
    {
        int columns = batches.Count > 0 ? batches[0].ColumnCount : 0;
        var rows = new List<object?[]>();
        foreach (var batch in batches)
        {
            for (int r = 0; r < batch.Length; r++)
            {
                var row = new object?[batch.ColumnCount];
                for (int c = 0; c < batch.ColumnCount; c++)
                {
                    row[c] = ValueAt(batch.Column(c), r);
                }

                rows.Add(row);
            }
        }

        return ValueNormalizer.NormalizeRows(columns, rows);
    }

    public static object? ValueAt(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            Int64Array a => a.GetValue(index),
            Int32Array a => a.GetValue(index),
            Int16Array a => a.GetValue(index),
            Int8Array a => a.GetValue(index),
            UInt64Array a => a.GetValue(index),
            UInt32Array a => a.GetValue(index),
            UInt16Array a => a.GetValue(index),
            UInt8Array a => a.GetValue(index),
            DoubleArray a => a.GetValue(index),
            FloatArray a => a.GetValue(index),
            HalfFloatArray a => a.GetValue(index),
            BooleanArray a => a.GetValue(index),
            StringArray a => a.GetString(index),
            StringViewArray a => a.GetString(index),
            BinaryArray a => a.GetBytes(index).ToArray(),
            Decimal128Array a => a.GetValue(index),
            Date32Array a => a.GetDateOnly(index),
            _ => throw new NotSupportedException($"bench cannot read Arrow type {array.Data.DataType.Name}"),
        };
    }
}
