using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

/// <summary>
/// <see cref="TableWriter.AppendCopy"/> copies a row as stored, from a sealed segment, from the
/// published open segment or from rows staged in the same cycle, and replaces a run of columns.
/// </summary>
public sealed class AppendCopyTests
{
    private static readonly Schema Schema = new(
        [
            new Field("id", Int64Type.Default, false),
            new Field("small", Int32Type.Default, true),
            new Field("flag", BooleanType.Default, true),
            new Field("val", DoubleType.Default, true),
            new Field("name", StringType.Default, true),
            new Field("data", BinaryType.Default, true),
            new Field("tag", Int64Type.Default, true),
        ],
        null);

    private static readonly object?[][] Published =
    [
        [0L, 7L, 1L, -0.0, "é\0x", new byte[] { 1, 2 }, null],
        [1L, null, 0L, 2.5, "", System.Array.Empty<byte>(), 10L],
        [2L, -3L, null, null, null, null, 20L],
        [3L, 4L, 1L, 1e300, "😀 long enough text to need more than sixteen bytes", new byte[] { 0, 255 }, 30L],
        [4L, null, null, double.NaN, "tail", new byte[] { 9 }, null],
        [5L, 5L, 0L, 0.5, "ß", null, 50L],
    ];

    [Fact]
    public void Copies_keep_every_stored_value_and_take_the_replacements()
    {
        // Capacity 4: rows 0-3 sealed, rows 4-5 in the published open segment, and the copies
        // fill it, seal it and start another, so every kind of source is read.
        var table = Load(capacity: 4);
        var expected = Published.ToList();
        using (var writer = table.BeginWrite())
        {
            foreach (var source in new long[] { 1, 3, 4, 5, 0, 2 })
            {
                var position = writer.AppendCopy(source, 6, [StorageValue.FromInteger(100 + source)]);
                Assert.Equal(expected.Count, position);
                expected.Add([.. Published[source][..6], 100L + source]);
            }

            // Copies of staged rows: one in a segment sealed in this cycle, one in the new open segment.
            writer.AppendCopy(7, 4, [StorageValue.FromText("renamed"), StorageValue.Null]);
            expected.Add([.. expected[7][..4], "renamed", null, expected[7][6]]);
            writer.AppendCopy(12, 0, [StorageValue.FromInteger(-1)]);
            expected.Add([-1L, .. expected[12][1..]]);
            writer.AppendCopy(2, 0, []);
            expected.Add(Published[2]);
            writer.Commit();
        }

        Assert.Equal(expected, Rows(table.Current));
    }

    [Fact]
    public void A_replacement_the_column_cannot_hold_or_a_missing_row_stages_nothing()
    {
        var table = Load(capacity: 4);
        var before = Rows(table.Current);
        using (var writer = table.BeginWrite())
        {
            Assert.Throws<YodaException>(() => writer.AppendCopy(1, 0, [StorageValue.Null]));
            Assert.Throws<YodaException>(() => writer.AppendCopy(1, 6, [StorageValue.FromText("x")]));
            Assert.Throws<YodaException>(() => writer.AppendCopy(6, 0, []));
            Assert.Throws<YodaException>(() => writer.AppendCopy(-1, 0, []));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.AppendCopy(1, 6, [StorageValue.Null, StorageValue.Null]));
            writer.Commit();
        }

        Assert.Equal(before, Rows(table.Current));
    }

    [Fact]
    public void Copies_stay_invisible_to_held_snapshots_and_vanish_with_a_discarded_writer()
    {
        var table = Load(capacity: 8);
        var held = table.Current;
        var before = Rows(held);
        using (var discarded = table.BeginWrite())
        {
            discarded.AppendCopy(3, 4, [StorageValue.FromText("discarded")]);
            discarded.AppendCopy(4, 0, []);
        }

        Assert.Same(held, table.Current);
        using (var writer = table.BeginWrite())
        {
            writer.AppendCopy(5, 4, [StorageValue.FromText("kept")]);
            writer.Commit();
        }

        Assert.Equal(before, Rows(held));
        Assert.Equal([.. before, [.. Published[5][..4], "kept", .. Published[5][5..]]], Rows(table.Current));
    }

    private static ColumnarTable Load(int capacity)
    {
        var table = new ColumnarTable("t", Schema, capacity);
        using var writer = table.BeginWrite();
        foreach (var row in Published)
        {
            writer.Append(row);
        }

        writer.Commit();
        return table;
    }

    private static List<object?[]> Rows(TableSnapshot snapshot)
    {
        var rows = new List<object?[]>();
        foreach (var segment in snapshot.Segments)
        {
            for (var row = 0; row < segment.RowCount; row++)
            {
                rows.Add([.. Enumerable.Range(0, segment.Batch.ColumnCount).Select(c => ArrowValues.Get(segment.Batch.Column(c), row))]);
            }
        }

        return rows;
    }
}
