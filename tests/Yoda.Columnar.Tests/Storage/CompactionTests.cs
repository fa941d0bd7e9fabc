using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

/// <summary>Compaction of sealed segments in their own slots (<see cref="TableCompaction"/>).</summary>
public class CompactionTests
{
    private const int Capacity = 4;

    private static readonly Schema TwoColumns = new([new Field("id", Int64Type.Default, false), new Field("name", StringType.Default, true)], null);

    /// <summary>A table of ids 0..<paramref name="rows"/>-1 keyed by id, then the ids in <paramref name="deleted"/> deleted (in a second cycle).</summary>
    private static ColumnarTable Table(int rows, params int[] deleted)
    {
        var table = new ColumnarTable("t", TwoColumns, Capacity);
        using (var writer = table.BeginWrite())
        {
            for (var id = 0; id < rows; id++)
            {
                writer.SetKey(RowKey.FromInteger(id), writer.Append([(long)id, $"n{id}"]));
            }

            writer.Commit();
        }

        Delete(table, deleted);
        return table;
    }

    private static void Delete(ColumnarTable table, params int[] ids)
    {
        using var writer = table.BeginWrite();
        foreach (var id in ids)
        {
            Assert.True(writer.TryFind(RowKey.FromInteger(id), out var position));
            writer.Delete(position);
            writer.RemoveKey(RowKey.FromInteger(id));
        }

        writer.Commit();
    }

    private static List<string> Live(TableSnapshot snapshot) =>
        snapshot.Segments.SelectMany(s => Enumerable.Range(0, s.RowCount).Where(s.IsLive)
            .Select(r => $"{ArrowValues.Get(s.Batch.Column(0), r)}:{ArrowValues.Get(s.Batch.Column(1), r)}")).ToList();

    /// <summary>Every key's position as the writer finds it holds that key's row.</summary>
    private static void AssertKeysFindTheirRows(ColumnarTable table, IEnumerable<int> ids)
    {
        using var writer = table.BeginWrite();
        foreach (var id in ids)
        {
            Assert.True(writer.TryFind(RowKey.FromInteger(id), out var position));
            Assert.Equal([(long)id, $"n{id}"], writer.ReadRow(position));
        }
    }

    [Fact]
    public void Segments_without_deletions_are_left_alone()
    {
        var table = Table(10);
        var before = table.Current;

        Assert.Equal((0, 0L), table.Compact(0, int.MaxValue));

        Assert.Same(before, table.Current);
    }

    [Fact]
    public void A_partly_deleted_segment_keeps_its_live_rows_in_order_and_its_keys_move_with_them()
    {
        var table = Table(10, 1, 2, 4, 9);
        var live = Live(table.Current);
        var bytes = table.Current.ByteSize;

        Assert.Equal((2, 3L), table.Compact(0, int.MaxValue));

        var after = table.Current;
        Assert.Equal([2, 3, 2], after.Segments.Select(s => s.RowCount));
        Assert.Null(after.Segments[0].Deleted);
        Assert.Null(after.Segments[1].Deleted);
        Assert.NotNull(after.Segments[2].Deleted); // the last segment is where writers append: never compacted
        Assert.Equal(live, Live(after));
        Assert.Equal(after.LiveRowCount + 1, after.StoredRowCount);
        Assert.True(after.ByteSize < bytes);
        Assert.Equal(10, table.PositionCount);
        AssertKeysFindTheirRows(table, [0, 3, 5, 6, 7, 8]);
    }

    [Fact]
    public void A_fully_deleted_segment_becomes_an_empty_placeholder_and_later_positions_stay()
    {
        var table = Table(10, 4, 5, 6, 7);
        var positions = table.PublishedIndex.ToDictionary(e => e.Key, e => e.Value);

        table.Compact(0, int.MaxValue);

        Assert.Equal([4, 0, 2], table.Current.Segments.Select(s => s.RowCount));
        Assert.Equal(positions, table.PublishedIndex.ToDictionary(e => e.Key, e => e.Value));
        Assert.Equal(["0:n0", "1:n1", "2:n2", "3:n3", "8:n8", "9:n9"], Live(table.Current));
        using var writer = table.BeginWrite();
        Assert.Throws<YodaException>(() => writer.Delete(4)); // no row at an emptied slot's positions
    }

    [Fact]
    public void Updates_and_deletes_by_key_after_compaction_reach_the_right_rows()
    {
        var table = Table(12, 0, 2, 5);
        table.Compact(0, int.MaxValue);

        using (var writer = table.BeginWrite())
        {
            foreach (var id in new[] { 1, 3, 6 })
            {
                Assert.True(writer.TryFind(RowKey.FromInteger(id), out var position));
                writer.Delete(position);
                var copy = writer.AppendCopy(position, 1, [StorageValue.FromText($"u{id}")]);
                writer.SetKey(RowKey.FromInteger(id), copy);
            }

            Assert.True(writer.TryFind(RowKey.FromInteger(7), out var seven));
            writer.Delete(seven);
            writer.RemoveKey(RowKey.FromInteger(7));
            writer.Commit();
        }

        Assert.Equal(
            ["4:n4", "8:n8", "9:n9", "10:n10", "11:n11", "1:u1", "3:u3", "6:u6"],
            Live(table.Current));
    }

    [Fact]
    public void A_snapshot_held_across_a_compaction_reads_the_same_rows_from_the_same_arrays()
    {
        var table = Table(10, 1, 2, 3, 6);
        var held = table.Current;
        var rows = Live(held);
        var arrays = held.Segments.Select(s => s.Batch.Column(1)).ToList();

        table.Compact(0, int.MaxValue);

        Assert.Equal(rows, Live(held));
        Assert.Equal(arrays, held.Segments.Select(s => s.Batch.Column(1)));
        Assert.Equal(rows, Live(table.Current));
        Assert.NotSame(held.Segments[0].Batch, table.Current.Segments[0].Batch);
    }

    [Fact]
    public void Zone_maps_of_a_compacted_segment_cover_only_its_live_rows()
    {
        var table = Table(10, 0, 3, 4);
        var old = ZoneMap.Of(table.Current.Segments[0].Batch.Column(0))!;

        table.Compact(0, int.MaxValue);

        var zone = ZoneMap.Of(table.Current.Segments[0].Batch.Column(0))!;
        Assert.Equal((0L, 3L), ((long)old.Min!, (long)old.Max!));
        Assert.Equal((1L, 2L), ((long)zone.Min!, (long)zone.Max!));
    }

    [Fact]
    public void Only_segments_past_the_threshold_are_compacted_most_deleted_first_up_to_the_budget()
    {
        var table = Table(17, 0, 4, 5, 8, 9, 10, 12);
        Assert.Equal([2, 1], TableCompaction.Candidates(table.Current, 0.5, int.MaxValue));
        Assert.Equal([2], TableCompaction.Candidates(table.Current, 0.5, 1));
        Assert.Equal([2, 1, 0, 3], TableCompaction.Candidates(table.Current, 0, int.MaxValue));

        Assert.Equal((1, 3L), table.Compact(0.5, 1));

        Assert.Equal([4, 4, 1, 4, 1], table.Current.Segments.Select(s => s.RowCount));
    }

    [Fact]
    public void A_cancelled_or_unpublished_compaction_changes_nothing()
    {
        var table = Table(10, 1, 2, 5);
        var before = table.Current;
        var index = table.PublishedIndex.ToDictionary(e => e.Key, e => e.Value);

        Assert.Throws<OperationCanceledException>(() => table.Compact(0, int.MaxValue, new CancellationToken(canceled: true)));
        using (var compaction = table.BeginCompaction())
        {
            Assert.NotSame(before, compaction.Prepare(0, int.MaxValue, CancellationToken.None));
            Assert.Throws<YodaException>(() => table.BeginWrite()); // a compaction holds the writer slot
        }

        Assert.Same(before, table.Current);
        Assert.Equal(index, table.PublishedIndex.ToDictionary(e => e.Key, e => e.Value));
        table.BeginWrite().Dispose();
    }

    [Fact]
    public void Copies_made_without_the_writer_slot_apply_while_other_segments_and_the_tail_change()
    {
        var table = Table(14, 1, 2, 5);
        var copies = CompactedSegments.Copy(table.Current, 0, int.MaxValue, CancellationToken.None);
        Assert.Equal([0, 1], copies.Slots);

        // A writer runs meanwhile: a deletion in segment 2 (not copied) and an append to the tail.
        using (var writer = table.BeginWrite())
        {
            Assert.True(writer.TryFind(RowKey.FromInteger(9), out var position));
            writer.Delete(position);
            writer.RemoveKey(RowKey.FromInteger(9));
            writer.SetKey(RowKey.FromInteger(14), writer.Append([14L, "n14"]));
            writer.Commit();
        }

        var live = Live(table.Current);
        using (var compaction = table.BeginCompaction())
        {
            Assert.NotNull(compaction.Prepare(copies, CancellationToken.None));
            compaction.Publish();
        }

        Assert.Equal(live, Live(table.Current));
        Assert.Equal([2, 3, 3, 3], table.Current.Segments.Select(s => s.LiveRowCount));
        Assert.Equal([2, 3], table.Current.Segments.Take(2).Select(s => s.RowCount));
        AssertKeysFindTheirRows(table, [0, 3, 4, 6, 7, 8, 10, 11, 12, 13, 14]);
    }

    [Fact]
    public void Copies_of_a_segment_a_writer_changed_since_are_stale_and_change_nothing()
    {
        var table = Table(12, 1, 2, 5);
        var copies = CompactedSegments.Copy(table.Current, 0, int.MaxValue, CancellationToken.None);
        Delete(table, 6); // segment 1, one of the copied ones
        var before = table.Current;
        var index = table.PublishedIndex.ToDictionary(e => e.Key, e => e.Value);

        using (var compaction = table.BeginCompaction())
        {
            Assert.False(copies.AppliesTo(before));
            Assert.Null(compaction.Prepare(copies, CancellationToken.None));
        }

        Assert.Same(before, table.Current);
        Assert.Equal(index, table.PublishedIndex.ToDictionary(e => e.Key, e => e.Value));

        // Copies made afresh apply, and drop the later deletion too.
        Assert.Equal((2, 4L), table.Compact(0, int.MaxValue));
        AssertKeysFindTheirRows(table, [0, 3, 4, 7, 8, 9, 10, 11]);
    }

    [Fact]
    public void A_compaction_cannot_start_while_a_writer_is_open()
    {
        var table = Table(10, 1);
        using var writer = table.BeginWrite();
        Assert.Contains("cannot compact", Assert.Throws<YodaException>(() => table.BeginCompaction()).Message);
    }

    [Fact]
    public void A_compacted_segment_compacts_again_after_more_deletions()
    {
        var table = Table(10, 0, 1);
        table.Compact(0, int.MaxValue);
        Delete(table, 2);
        Assert.Equal(1, table.Current.Segments[0].Compactions);

        table.Compact(0, int.MaxValue);

        Assert.Equal(2, table.Current.Segments[0].Compactions);
        Assert.Equal(["3:n3", "4:n4", "5:n5", "6:n6", "7:n7", "8:n8", "9:n9"], Live(table.Current));
        AssertKeysFindTheirRows(table, [3, 4, 9]);
    }
}
