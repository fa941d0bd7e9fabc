using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Persistence;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Persistence;

/// <summary>Compacted segments in a storage directory: rewritten in one manifest publish, read back with the same rows and key positions.</summary>
public sealed class CompactionPersistenceTests : IDisposable
{
    private const int Capacity = 4;

    private static readonly Schema Schema = new([new Field("v", StringType.Default, true)], null);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "yoda-compaction-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Appends rows keyed by rowid <c>first</c>, <c>first + 1</c>, … and deletes the given rowids.</summary>
    private static void Write(ColumnarTable table, int first, int count, params int[] deleted)
    {
        using var writer = table.BeginWrite();
        for (var rowid = first; rowid < first + count; rowid++)
        {
            writer.SetKey(RowKey.FromInteger(rowid), writer.Append([$"v{rowid}"]));
        }

        foreach (var rowid in deleted)
        {
            Assert.True(writer.TryFind(RowKey.FromInteger(rowid), out var position));
            writer.Delete(position);
            writer.RemoveKey(RowKey.FromInteger(rowid));
        }

        writer.Commit();
    }

    /// <summary>Rowids by position, as the engine derives them from the key index.</summary>
    private static TableState State(ColumnarTable table) => new(table, table.Current, 1, 0, Capacity, from =>
    {
        var rowids = new long?[table.PositionCount - from];
        foreach (var (key, position) in table.PublishedIndex)
        {
            if (position >= from && key.TryGetInteger(out var rowid))
            {
                rowids[position - from] = rowid;
            }
        }

        return rowids;
    });

    private static List<string> Live(IEnumerable<Segment> segments) =>
        segments.SelectMany(s => Enumerable.Range(0, s.RowCount).Where(s.IsLive).Select(r => (string)ArrowValues.Get(s.Batch.Column(0), r)!)).ToList();

    private static List<string> DataFiles(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Where(f => f != ManifestFile.FileName).Order().ToList()!;

    [Theory]
    [InlineData(SegmentFileFormat.ArrowIpc)]
    [InlineData(SegmentFileFormat.Parquet)]
    public void A_compacted_table_persists_in_one_publish_and_loads_back_with_the_same_rows_and_key_positions(SegmentFileFormat format)
    {
        var table = new ColumnarTable("t", Schema, Capacity);
        Write(table, 0, 2);
        var storage = StorageDirectory.Open(_root, format);
        storage.Persist([State(table)], 1); // segment 0 written while open: its first chunk holds rows 0-1

        // Filled, sealed and compacted before the next persist: row 1 of the files is no longer row 1.
        Write(table, 2, 10, 0, 2, 3, 4, 5, 6, 7, 9);
        table.Compact(0, int.MaxValue);
        storage.Persist([State(table)], 3);

        var manifest = storage.Tables.Single();
        Assert.Equal([1, 0, 4], manifest.Segments.Select(s => s.Rows));
        Assert.All(manifest.Segments.Take(2), s => Assert.Null(s.Deletions));
        Assert.Single(manifest.Segments[0].Chunks);
        Assert.Empty(manifest.Segments[1].Chunks);
        var listed = manifest.Segments.SelectMany(s => s.Chunks.Select(c => c.File).Concat(s.Deletions is { } d ? [d.File] : [])).Order().ToList();
        Assert.Equal(listed, DataFiles(_root)); // the replaced files and deletion vectors are gone

        var reopened = StorageDirectory.Open(_root, format);
        var loaded = reopened.Load(reopened.Tables.Single());
        Assert.Equal(["v1", "v8", "v10", "v11"], Live(loaded.Segments));
        var keys = KeyIndexRebuild.Keys(loaded, [], -1);
        Assert.Equal(table.PublishedIndex.OrderBy(e => e.Value), keys.OrderBy(e => e.Value));

        var restored = ColumnarTable.Restore("t", loaded.Schema, Capacity, loaded.Segments, keys);
        Write(restored, 12, 1, 1, 10);
        Assert.Equal(["v8", "v11", "v12"], Live(restored.Current.Segments));
    }

    [Fact]
    public void A_segment_compacted_again_is_rewritten_again_and_untouched_segments_are_not()
    {
        var table = new ColumnarTable("t", Schema, Capacity);
        Write(table, 0, 9, 0, 1, 4);
        var storage = StorageDirectory.Open(_root, SegmentFileFormat.ArrowIpc);
        table.Compact(0, int.MaxValue);
        storage.Persist([State(table)], 1);
        var secondSegmentFile = storage.Tables.Single().Segments[1].Chunks.Single().File;

        Write(table, 9, 0, 2);
        table.Compact(0, int.MaxValue);
        var written = storage.Statistics.FilesWritten;
        storage.Persist([State(table)], 2);

        Assert.Equal(2, storage.Statistics.FilesWritten - written); // segment 0's one chunk, and the manifest
        Assert.Equal(secondSegmentFile, storage.Tables.Single().Segments[1].Chunks.Single().File);
        var reopened = StorageDirectory.Open(_root, SegmentFileFormat.ArrowIpc);
        Assert.Equal(Live(table.Current.Segments), Live(reopened.Load(reopened.Tables.Single()).Segments));
    }
}
