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
        var live = 0;
        for (var row = 0; row < segment.RowCount; row++)
        {
            newRows[row] = segment.IsLive(row) ? live++ : -1;
        }

        var batch = segment.Batch;
        var arrays = new IArrowArray[batch.ColumnCount];
        for (var c = 0; c < arrays.Length; c++)
        {
            ct.ThrowIfCancellationRequested();
            var source = batch.Column(c);
            var column = TailColumn.Create(source.Data.DataType, live, live);
            for (var row = 0; row < segment.RowCount; row++)
            {
                if (newRows[row] >= 0)
                {
                    column.CopyRow(newRows[row], source, row);
                }
            }

            arrays[c] = column.Build(live, exact: true);
        }

        return new Segment(new RecordBatch(batch.Schema, arrays, live), null, segment.Compactions + 1);
    }
}
