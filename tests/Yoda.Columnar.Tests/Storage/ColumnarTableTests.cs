using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

public class ColumnarTableTests
{
    private static readonly Schema TwoColumns = new([new Field("id", Int64Type.Default, false), new Field("name", StringType.Default, true)], null);

    private static List<object?[]> Live(TableSnapshot snapshot) =>
        snapshot.Segments.SelectMany(s => Enumerable.Range(0, s.RowCount).Where(s.IsLive)
            .Select(r => new[] { ArrowValues.Get(s.Batch.Column(0), r), ArrowValues.Get(s.Batch.Column(1), r) })).ToList();

    [Fact]
    public void Staged_changes_are_invisible_until_published_and_discarded_on_dispose()
    {
        var table = new ColumnarTable("t", TwoColumns, segmentCapacity: 4);
        using (var writer = table.BeginWrite())
        {
            writer.SetKey(RowKey.FromInteger(1), writer.Append([1L, "a"]));
            Assert.True(writer.TryFind(RowKey.FromInteger(1), out _));
            Assert.Empty(Live(table.Current));
        }

        Assert.Empty(Live(table.Current));
        using var second = table.BeginWrite();
        Assert.False(second.TryFind(RowKey.FromInteger(1), out _));
    }

    [Fact]
    public void Segments_fill_up_then_roll_over_and_old_snapshots_never_change()
    {
        var table = new ColumnarTable("t", TwoColumns, segmentCapacity: 4);
        var snapshots = new List<TableSnapshot>();
        for (var cycle = 0; cycle < 3; cycle++)
        {
            using var writer = table.BeginWrite();
            for (var i = 0; i < 3; i++)
            {
                var id = (cycle * 3) + i;
                writer.SetKey(RowKey.FromInteger(id), writer.Append([(long)id, $"n{id}"]));
            }

            if (cycle == 2)
            {
                Assert.True(writer.TryFind(RowKey.FromInteger(0), out var first));
                writer.Delete(first);
                writer.RemoveKey(RowKey.FromInteger(0));
            }

            snapshots.Add(writer.Commit());
        }

        Assert.Equal([4, 2], snapshots[1].Segments.Select(s => s.RowCount));
        Assert.Equal([4, 4, 1], snapshots[2].Segments.Select(s => s.RowCount));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (object?)(long)i), Live(snapshots[2]).Select(r => r[0]));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (object?)(long)i), Live(snapshots[1]).Select(r => r[0]));
        Assert.Null(snapshots[1].Segments[0].Deleted);
        Assert.Equal(8, snapshots[2].LiveRowCount);
        Assert.Equal(9, table.PositionCount);
        Assert.Equal(8, table.KeyCount);
    }

    [Fact]
    public void Values_that_do_not_fit_the_column_fail_before_anything_is_published()
    {
        var table = new ColumnarTable("t", TwoColumns);
        using var writer = table.BeginWrite();
        Assert.Contains("column name", Assert.Throws<YodaException>(() => writer.Append([1L, 42L])).Message);
        Assert.Contains("may not be NULL", Assert.Throws<YodaException>(() => writer.Append([null, "x"])).Message);
        Assert.Throws<YodaException>(() => writer.Append([1L]));
    }

    [Fact]
    public void Only_one_writer_at_a_time()
    {
        var table = new ColumnarTable("t", TwoColumns);
        using var writer = table.BeginWrite();
        Assert.Throws<YodaException>(() => table.BeginWrite());
        Assert.Throws<YodaException>(() => table.ChangeSchema(TwoColumns));
    }

    [Fact]
    public void Schema_changes_keep_rows_and_deletions()
    {
        var table = new ColumnarTable("t", TwoColumns, segmentCapacity: 2);
        using (var writer = table.BeginWrite())
        {
            for (var i = 0; i < 3; i++)
            {
                writer.SetKey(RowKey.FromInteger(i), writer.Append([(long)i, $"n{i}"]));
            }

            writer.Delete(1);
            writer.Commit();
        }

        var wider = new Schema([.. TwoColumns.FieldsList, new Field("score", DoubleType.Default, true)], null);
        var snapshot = table.ChangeSchema(wider);
        Assert.Equal(3, snapshot.Schema.FieldsList.Count);
        Assert.Equal(2, snapshot.LiveRowCount);
        Assert.True(snapshot.Segments[1].Batch.Column(2).IsNull(0));
        var narrower = new Schema([wider.FieldsList[0], wider.FieldsList[2]], null);
        snapshot = table.ChangeSchema(narrower);
        Assert.Equal(["id", "score"], snapshot.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(0L, ArrowValues.Get(snapshot.Segments[0].Batch.Column(0), 0));
        Assert.Equal(2, snapshot.LiveRowCount);
    }

    [Fact]
    public void Row_keys_compare_by_value()
    {
        Assert.Equal(RowKey.FromInteger(5), RowKey.FromValues([5L]));
        Assert.Equal(RowKey.FromValues([1L, "a"]), RowKey.FromValues([1L, "a"]));
        Assert.NotEqual(RowKey.FromValues([1L, "a"]), RowKey.FromValues([1L, "A"]));
        Assert.Equal(RowKey.FromValues([new byte[] { 1, 2 }]), RowKey.FromValues([new byte[] { 1, 2 }]));
        Assert.Equal(RowKey.FromValues([new byte[] { 1, 2 }]).GetHashCode(), RowKey.FromValues([new byte[] { 1, 2 }]).GetHashCode());
        Assert.Equal(RowKey.FromValues([2.0, "x"]).GetHashCode(), RowKey.FromValues([2L, "x"]).GetHashCode());
        Assert.Equal(RowKey.FromValues([2.0, "x"]), RowKey.FromValues([2L, "x"]));
    }

    [Fact]
    public void Deletion_vectors_are_copied_on_write()
    {
        var empty = DeletionVector.Empty(100);
        var one = empty.WithDeleted([3, 64], 100);
        var two = one.WithDeleted([99], 130);
        Assert.Equal(0, empty.DeletedCount);
        Assert.Equal(2, one.DeletedCount);
        Assert.True(one.IsDeleted(64));
        Assert.False(one.IsDeleted(99));
        Assert.Equal(3, two.DeletedCount);
        Assert.Equal(130, two.Length);
        Assert.False(two.IsDeleted(200));
    }
}

public class TableWriterSealingTests
{
    private static readonly Schema OneColumn = new([new Field("id", Int64Type.Default, false)], null);

    [Fact]
    public void Rows_staged_across_several_segments_read_back_and_delete_by_position()
    {
        var table = new ColumnarTable("t", OneColumn, segmentCapacity: 4);
        using (var first = table.BeginWrite())
        {
            first.Append([0L]);
            first.Append([1L]);
            first.Commit();
        }

        using var writer = table.BeginWrite();
        var positions = Enumerable.Range(2, 11).Select(i => writer.Append([(long)i])).ToList();
        Assert.Equal(Enumerable.Range(2, 11).Select(i => (long)i), positions);
        foreach (var p in new long[] { 0, 1, 3, 4, 9, 12 })
        {
            Assert.Equal(p, (long)writer.ReadRow(p)[0]!);
        }

        writer.Delete(1);
        writer.Delete(5);
        writer.Delete(12);
        var snapshot = writer.Commit();
        Assert.Equal([4, 4, 4, 1], snapshot.Segments.Select(s => s.RowCount));
        var live = snapshot.Segments.SelectMany(s => Enumerable.Range(0, s.RowCount).Where(s.IsLive).Select(r => (long)ArrowValues.Get(s.Batch.Column(0), r)!));
        Assert.Equal(new long[] { 0, 2, 3, 4, 6, 7, 8, 9, 10, 11 }, live);
    }
}
