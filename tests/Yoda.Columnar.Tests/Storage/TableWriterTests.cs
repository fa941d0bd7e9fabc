using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

public sealed class TableWriterTests
{
    private static readonly Schema Schema = new(
        [
            new Field("id", Int64Type.Default, false),
            new Field("val", DoubleType.Default, true),
            new Field("name", StringType.Default, true),
            new Field("data", BinaryType.Default, true),
        ],
        null);

    public static TheoryData<int> Rows => new() { 0, 1, 2 };

    /// <summary>
    /// Lookups skip the maps for keys above every key they hold, and must still find every key
    /// below: published ones, staged ones, staged removals, and more staged keys than the writer
    /// was sized for.
    /// </summary>
    [Fact]
    public void Finding_keys_sees_published_and_staged_keys_around_the_largest_one()
    {
        var table = new ColumnarTable("t", Schema, segmentCapacity: 4);
        using (var first = table.BeginWrite())
        {
            for (var id = 0; id < 10; id += 2)
            {
                first.SetKey(RowKey.FromInteger(id), first.Append(Row(id, 0, null, null)));
            }

            first.Commit();
        }

        using var writer = table.BeginWrite(expectedKeyChanges: 2);
        Assert.True(writer.TryFind(RowKey.FromInteger(8), out var eight));
        Assert.Equal(4, eight);
        Assert.False(writer.TryFind(RowKey.FromInteger(9), out _));
        Assert.False(writer.TryFind(RowKey.FromInteger(100), out _));
        writer.SetKey(RowKey.FromInteger(100), writer.Append(Row(100, 0, null, null)));
        Assert.True(writer.TryFind(RowKey.FromInteger(100), out var hundred));
        Assert.Equal(5, hundred);
        Assert.False(writer.TryFind(RowKey.FromInteger(50), out _));
        writer.RemoveKey(RowKey.FromInteger(4));
        Assert.False(writer.TryFind(RowKey.FromInteger(4), out _));
        Assert.True(writer.TryFind(RowKey.FromInteger(2), out var two));
        Assert.Equal(1, two);
        for (var id = 200; id < 300; id++)
        {
            writer.SetKey(RowKey.FromInteger(id), writer.Append(Row(id, 0, null, null)));
        }

        Assert.True(writer.TryFind(RowKey.FromInteger(250), out var staged));
        Assert.Equal(56, staged);
        Assert.True(writer.TryFind(RowKey.FromInteger(6), out var six));
        Assert.Equal(3, six);
    }

    /// <summary>Rows published (Arrow arrays), sealed by this writer, and still staged compare alike.</summary>
    [Theory]
    [MemberData(nameof(Rows))]
    public void A_row_matches_exactly_its_own_values_wherever_it_lives(int position)
    {
        var table = new ColumnarTable("t", Schema, segmentCapacity: 2);
        using (var first = table.BeginWrite())
        {
            first.Append(Row(0, 0.0, "é\0x", [1, 2]));
            first.Commit();
        }

        using var writer = table.BeginWrite();
        writer.Append(Row(1, -0.0, "", []));
        writer.Append(Row(2, 1.5, null, null));
        var own = position switch
        {
            0 => Row(0, 0.0, "é\0x", [1, 2]),
            1 => Row(1, -0.0, "", []),
            _ => Row(2, 1.5, null, null),
        };
        Assert.True(writer.RowMatches(position, own));
        Assert.True(writer.RowMatches(position, own[..2]));
        for (var c = 1; c < own.Length; c++)
        {
            var changed = own.ToArray();
            changed[c] = c switch
            {
                1 => own[1].IsNull ? StorageValue.FromReal(0) : StorageValue.FromReal(-own[1].Real),
                2 => own[2].IsNull ? StorageValue.FromText("") : StorageValue.FromText(own[2].Text + "é"),
                _ => own[3].IsNull ? StorageValue.FromBlob([]) : StorageValue.Null,
            };
            Assert.False(writer.RowMatches(position, changed), $"column {c} changed");
        }

        Assert.False(writer.RowMatches(position, [StorageValue.FromReal(position)])); // a real is not the integer
    }

    [Fact]
    public void Deletions_across_segments_become_deletion_vectors_on_commit()
    {
        var table = new ColumnarTable("t", Schema, segmentCapacity: 3);
        using var writer = table.BeginWrite();
        for (var i = 0; i < 8; i++)
        {
            writer.Append(Row(i, i, "n", null));
        }

        foreach (var position in new long[] { 0, 4, 5, 7, 4 })
        {
            writer.Delete(position);
        }

        var snapshot = writer.Commit();
        Assert.Equal(4, snapshot.LiveRowCount);
        Assert.Equal([1, 2, 1], snapshot.Segments.Select(s => s.Deleted?.DeletedCount ?? 0));
        Assert.True(snapshot.Segments[2].Deleted!.IsDeleted(1));
        Assert.False(snapshot.Segments[2].Deleted!.IsDeleted(0));
    }

    /// <summary>Staged rows become Arrow arrays of every column type, NULLs included, also when they grow a published open segment.</summary>
    [Fact]
    public void Staged_rows_build_into_arrays_that_read_back_the_same_values()
    {
        var schema = new Schema(
            [
                new Field("i", Int64Type.Default, true),
                new Field("r", DoubleType.Default, true),
                new Field("t", StringType.Default, true),
                new Field("b", BinaryType.Default, true),
                new Field("small", Int32Type.Default, true),
                new Field("flag", BooleanType.Default, true),
            ],
            null);
        object?[][] rows =
        [
            [1L, 1.5, "a", new byte[] { 1 }, 7L, 1L],
            [2L, 2.0, "ßé€😀", new byte[0], -7L, 0L], // an integer staged into a REAL column is stored as a double
            [null, null, null, null, null, null],
            [long.MinValue, -0.0, "", new byte[] { 0, 255 }, (long)int.MaxValue, 1L],
        ];
        var table = new ColumnarTable("t", schema, segmentCapacity: 5);
        using (var first = table.BeginWrite())
        {
            first.Append(rows[0]);
            first.Commit();
        }

        using (var second = table.BeginWrite())
        {
            foreach (var row in rows[1..])
            {
                second.Append(row);
            }

            second.Commit();
        }

        var batch = Assert.Single(table.Current.Segments).Batch;
        Assert.Equal(rows.Length, batch.Length);
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < schema.FieldsList.Count; c++)
            {
                var expected = c == 1 && rows[r][c] is long l ? (double)l : rows[r][c];
                Assert.Equal(expected, ArrowValues.Get(batch.Column(c), r));
            }
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits((double)ArrowValues.Get(batch.Column(1), 3)!));
    }

    private static StorageValue[] Row(long id, double val, string? name, byte[]? data) =>
    [
        StorageValue.FromInteger(id),
        StorageValue.FromReal(val),
        name is null ? StorageValue.Null : StorageValue.FromText(name),
        data is null ? StorageValue.Null : StorageValue.FromBlob(data),
    ];
}
