using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

/// <summary><see cref="SegmentCompactor"/> keeps exactly the live rows' values, NULLs included, for every type the sync engine stores (INTEGER, REAL, TEXT, BLOB).</summary>
public class SegmentCompactorTests
{
    private static readonly Schema EveryType = new(
        [
            new Field("i64", Int64Type.Default, true),
            new Field("f64", DoubleType.Default, true),
            new Field("text", StringType.Default, true),
            new Field("blob", BinaryType.Default, true),
        ],
        null);

    private static object?[] RowValues(int row) =>
    [
        row % 5 == 0 ? null : (long)row * 1_000_003,
        row % 7 == 0 ? null : row / 3.0,
        row % 3 == 0 ? null : row % 11 == 0 ? string.Empty : $"ü{row}",
        row % 9 == 0 ? null : Enumerable.Range(0, row % 4).Select(b => (byte)(row + b)).ToArray(),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(97)]
    public void Live_rows_keep_their_values_and_nulls_in_order(int everyNth)
    {
        const int rows = 200;
        var table = new ColumnarTable("t", EveryType, rows);
        using (var writer = table.BeginWrite())
        {
            for (var row = 0; row < rows; row++)
            {
                writer.Append(RowValues(row));
            }

            for (var row = 0; row < rows; row++)
            {
                // 0 deletes every row; 1 none; otherwise every n-th row and a run in the middle.
                if (everyNth == 0 || (everyNth > 1 && (row % everyNth == 0 || row is > 60 and < 90)))
                {
                    writer.Delete(row);
                }
            }

            writer.Commit();
        }

        var segment = table.Current.Segments[0];
        var newRows = new int[rows];
        var compacted = SegmentCompactor.Compact(segment, newRows, CancellationToken.None);

        var expected = Enumerable.Range(0, rows).Where(segment.IsLive).ToList();
        Assert.Equal(expected.Count, compacted.RowCount);
        Assert.Null(compacted.Deleted);
        for (var row = 0; row < rows; row++)
        {
            Assert.Equal(segment.IsLive(row) ? expected.IndexOf(row) : -1, newRows[row]);
        }

        for (var c = 0; c < EveryType.FieldsList.Count; c++)
        {
            var column = compacted.Batch.Column(c);
            Assert.Equal(EveryType.FieldsList[c].DataType.TypeId, column.Data.DataType.TypeId);
            Assert.Equal(expected.Count(r => RowValues(r)[c] is null), column.NullCount);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(RowValues(expected[i])[c], ArrowValues.Get(column, i));
            }
        }
    }
}
