using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

/// <summary>
/// The open segment's buffers are shared by published snapshots and appended to by later
/// writers: every snapshot must keep exactly its own rows, whatever happens after it.
/// </summary>
public sealed class TailSegmentTests
{
    private static readonly Schema Schema = new(
        [
            new Field("id", Int64Type.Default, false),
            new Field("val", DoubleType.Default, true),
            new Field("name", StringType.Default, true),
            new Field("data", BinaryType.Default, true),
            new Field("small", Int16Type.Default, true),
            new Field("flag", BooleanType.Default, true),
        ],
        null);

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    /// <summary>
    /// Random cycles (appends with NULLs and text of every length, deletions, writers discarded
    /// without publishing, segments filled and sealed): at the end, every snapshot ever published
    /// still reads exactly the rows it had when it was published.
    /// </summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_published_snapshot_keeps_exactly_its_rows(int seed)
    {
        var random = new Random(seed);
        var capacity = random.Next(3, 40);
        var table = new ColumnarTable("t", Schema, capacity);
        var model = new List<object?[]>();
        var deleted = new HashSet<long>();
        var published = new List<(TableSnapshot Snapshot, List<object?[]> Rows, HashSet<long> Deleted)>();
        for (var cycle = 0; cycle < 60; cycle++)
        {
            var publish = random.Next(4) != 0;
            using var writer = table.BeginWrite();
            var rows = new List<object?[]>(model);
            var gone = new HashSet<long>(deleted);
            var count = random.Next(0, capacity * 2);
            for (var i = 0; i < count; i++)
            {
                var row = RandomRow(random, rows.Count);
                Assert.Equal(rows.Count, writer.Append(row));
                rows.Add(row);
            }

            if (rows.Count > 0 && random.Next(3) == 0)
            {
                var position = random.Next(rows.Count);
                writer.Delete(position);
                gone.Add(position);
            }

            foreach (var position in new[] { 0, rows.Count - 1, random.Next(Math.Max(1, rows.Count)) }.Where(p => p >= 0 && p < rows.Count))
            {
                Assert.Equal(rows[position], writer.ReadRow(position));
            }

            if (publish)
            {
                published.Add((writer.Commit(), rows, gone));
                model = rows;
                deleted = gone;
            }
        }

        Assert.True(published.Count > 10);
        foreach (var (snapshot, rows, gone) in published)
        {
            Assert.Equal(rows.Count - gone.Count, snapshot.LiveRowCount);
            Assert.Equal(rows.Count, snapshot.StoredRowCount);
            for (var position = 0; position < rows.Count; position++)
            {
                var segment = snapshot.Segments[position / capacity];
                var row = position % capacity;
                Assert.Equal(!gone.Contains(position), segment.IsLive(row));
                Assert.Equal(rows[position], Enumerable.Range(0, Schema.FieldsList.Count).Select(c => ArrowValues.Get(segment.Batch.Column(c), row)));
            }

            foreach (var segment in snapshot.Segments)
            {
                for (var c = 0; c < Schema.FieldsList.Count; c++)
                {
                    var array = segment.Batch.Column(c);
                    Assert.Equal(Enumerable.Range(0, segment.RowCount).Count(array.IsNull), array.NullCount);
                }
            }
        }
    }

    /// <summary>A cycle appends into the buffers the previous snapshot reads (no copy of the open segment), past its rows.</summary>
    [Fact]
    public void A_cycle_appends_into_the_published_buffers_instead_of_copying_them()
    {
        var table = new ColumnarTable("t", Schema, segmentCapacity: 1000);
        TableSnapshot first;
        using (var writer = table.BeginWrite())
        {
            writer.Append(RandomRow(new Random(1), 0));
            first = writer.Commit();
        }

        using (var writer = table.BeginWrite())
        {
            writer.Append(RandomRow(new Random(2), 1));
            var second = writer.Commit();
            Assert.True(SameBuffer(first.Segments[0].Batch.Column(0), second.Segments[0].Batch.Column(0)));
            Assert.Equal(1, first.Segments[0].RowCount);
            Assert.Equal(2, second.Segments[0].RowCount);
        }
    }

    /// <summary>A writer discarded after appending NULLs leaves nothing behind: the next cycle's rows in the same places read as written.</summary>
    [Fact]
    public void Rows_of_a_discarded_writer_leave_no_trace_in_the_next_cycle()
    {
        var table = new ColumnarTable("t", Schema, segmentCapacity: 100);
        object?[] full = [1L, 1.5, "ab", new byte[] { 1 }, 3L, 1L];
        object?[] empty = [2L, null, null, null, null, null];
        using (var writer = table.BeginWrite())
        {
            writer.Append(full);
            writer.Commit();
        }

        using (var discarded = table.BeginWrite())
        {
            discarded.Append(empty);
            discarded.Append([3L, 2.5, "a much longer text than before", new byte[] { 9, 9, 9 }, 4L, 0L]);
        }

        using (var writer = table.BeginWrite())
        {
            writer.Append(full);
            writer.Append(full);
            var snapshot = writer.Commit();
            var batch = Assert.Single(snapshot.Segments).Batch;
            for (var c = 0; c < full.Length; c++)
            {
                Assert.Equal(0, batch.Column(c).NullCount);
                Assert.All(Enumerable.Range(0, 3), r => Assert.Equal(full[c], ArrowValues.Get(batch.Column(c), r)));
            }
        }
    }

    /// <summary>After a schema change the open segment is no longer the buffers' batch: the next cycle starts buffers from it, and the old snapshot keeps its columns.</summary>
    [Fact]
    public void A_schema_change_in_an_open_segment_keeps_both_snapshots_whole()
    {
        var table = new ColumnarTable("t", Schema, segmentCapacity: 100);
        TableSnapshot before;
        using (var writer = table.BeginWrite())
        {
            writer.Append([1L, 1.5, "a", null, 1L, 1L]);
            before = writer.Commit();
        }

        var narrower = new Schema([Schema.FieldsList[0], Schema.FieldsList[2]], null);
        table.ChangeSchema(narrower);
        using (var writer = table.BeginWrite())
        {
            writer.Append([2L, "b"]);
            var after = writer.Commit();
            var batch = Assert.Single(after.Segments).Batch;
            Assert.Equal(new object?[] { 1L, 2L }, Enumerable.Range(0, 2).Select(r => ArrowValues.Get(batch.Column(0), r)));
            Assert.Equal(new object?[] { "a", "b" }, Enumerable.Range(0, 2).Select(r => ArrowValues.Get(batch.Column(1), r)));
        }

        Assert.Equal(6, before.Segments[0].Batch.ColumnCount);
        Assert.Equal(1, before.Segments[0].RowCount);
        Assert.Equal(1.5, ArrowValues.Get(before.Segments[0].Batch.Column(1), 0));
    }

    private static bool SameBuffer(IArrowArray a, IArrowArray b) =>
        MemoryMarshal.TryGetArray(a.Data.Buffers[1].Memory, out var x)
        && MemoryMarshal.TryGetArray(b.Data.Buffers[1].Memory, out var y)
        && ReferenceEquals(x.Array, y.Array);

    private static object?[] RandomRow(Random random, long id)
    {
        object? Maybe(Func<object?> value) => random.Next(4) == 0 ? null : value();
        return
        [
            id,
            Maybe(() => random.NextDouble() * 1000),
            Maybe(() => new string('é', random.Next(0, 3)) + new string('x', random.Next(0, 40))),
            Maybe(() => Enumerable.Range(0, random.Next(0, 5)).Select(i => (byte)i).ToArray()),
            Maybe(() => (long)random.Next(short.MinValue, short.MaxValue)),
            Maybe(() => (long)random.Next(2)),
        ];
    }
}
