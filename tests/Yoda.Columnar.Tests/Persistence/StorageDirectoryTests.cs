using Yoda.Columnar.Persistence;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Persistence;

public sealed class StorageDirectoryTests : IDisposable
{
    private const int Capacity = 16;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "yoda-storage-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A table of the sample schema with <paramref name="rows"/> rows, some deleted; keyed by column c_int64's row number.</summary>
    private static ColumnarTable Table(int rows, int deleteEvery = 5)
    {
        var table = new ColumnarTable("t", SampleBatches.Schema(), Capacity);
        Append(table, SampleBatches.Batch(rows), deleteEvery);
        return table;
    }

    private static void Append(ColumnarTable table, Apache.Arrow.RecordBatch batch, int deleteEvery)
    {
        using var writer = table.BeginWrite();
        foreach (var row in SampleBatches.Rows(batch))
        {
            var position = writer.Append(row);
            if (position % deleteEvery == 2)
            {
                writer.Delete(position);
            }
        }

        writer.Commit();
    }

    private static TableState State(ColumnarTable table, Func<long, long?[]>? rowids = null) =>
        new(table, table.Current, 1, 0, Capacity, rowids);

    private static List<object?[]> Live(IEnumerable<Segment> segments) =>
        segments.SelectMany(s => Enumerable.Range(0, s.RowCount).Where(s.IsLive)
            .Select(r => Enumerable.Range(0, s.Batch.ColumnCount).Select(c => ArrowValues.Get(s.Batch.Column(c), r)).ToArray())).ToList();

    [Theory]
    [InlineData(SegmentFileFormat.ArrowIpc)]
    [InlineData(SegmentFileFormat.Parquet)]
    public void Persisted_tables_load_back_with_their_deletions_and_rowids(SegmentFileFormat format)
    {
        var table = Table(40);
        var storage = StorageDirectory.Open(_root, format);
        storage.Persist([State(table, from => Enumerable.Range((int)from, 40 - (int)from).Select(p => (long?)(p * 10)).ToArray())], 7);

        var reopened = StorageDirectory.Open(_root, format);
        Assert.Equal(7, reopened.Watermark);
        var loaded = reopened.Load(reopened.Tables.Single());
        Assert.Equal(Live(table.Current.Segments), Live(loaded.Segments));
        Assert.Equal(3, loaded.Segments.Count);
        Assert.Equal([0L, 10, 20], loaded.Rowids![0].Values[..3].ToArray());
        Assert.Equal([Capacity, Capacity, 8], loaded.Segments.Select(s => s.RowCount));
    }

    [Fact]
    public void Later_persists_write_only_new_rows_and_changed_deletion_vectors()
    {
        var table = Table(20);
        var storage = StorageDirectory.Open(_root, SegmentFileFormat.ArrowIpc);
        storage.Persist([State(table)], 1);
        var first = storage.Statistics.FilesWritten;

        Append(table, SampleBatches.Batch(3), deleteEvery: 1000);
        storage.Persist([State(table)], 2);
        // One chunk for the three rows, and the manifest: the sealed segment and the deletion vectors stay.
        Assert.Equal(2, storage.Statistics.FilesWritten - first);

        var loaded = StorageDirectory.Open(_root, SegmentFileFormat.ArrowIpc);
        Assert.Equal(Live(table.Current.Segments), Live(loaded.Load(loaded.Tables.Single()).Segments));
    }

    [Fact]
    public void A_crash_before_the_manifest_is_published_leaves_the_previous_state_and_its_leftovers_are_deleted()
    {
        var table = Table(20);
        var storage = StorageDirectory.Open(_root, SegmentFileFormat.Parquet);
        storage.Persist([State(table)], 1);
        var tableDirectory = Path.Combine(_root, storage.Tables.Single().Directory);

        // What a persist killed before its rename leaves: new data files and a temporary manifest.
        File.WriteAllBytes(Path.Combine(tableDirectory, "0000000999.parquet"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(tableDirectory, "0000000998.del"), [1]);
        Directory.CreateDirectory(Path.Combine(_root, "t997-u"));
        File.WriteAllBytes(Path.Combine(_root, "t997-u", "0000000996.arrow"), [1]);
        File.WriteAllText(Path.Combine(_root, ManifestFile.TemporaryFileName), "{ half a manif");
        File.WriteAllText(Path.Combine(tableDirectory, "notes.txt"), "not ours");

        var reopened = StorageDirectory.Open(_root, SegmentFileFormat.Parquet);
        Assert.Equal(1, reopened.Watermark);
        Assert.Equal(Live(table.Current.Segments), Live(reopened.Load(reopened.Tables.Single()).Segments));
        Assert.False(File.Exists(Path.Combine(tableDirectory, "0000000999.parquet")));
        Assert.False(File.Exists(Path.Combine(tableDirectory, "0000000998.del")));
        Assert.False(Directory.Exists(Path.Combine(_root, "t997-u")));
        Assert.False(File.Exists(Path.Combine(_root, ManifestFile.TemporaryFileName)));
        Assert.True(File.Exists(Path.Combine(tableDirectory, "notes.txt")));
    }

    [Theory]
    [InlineData(".arrow", "truncate")]
    [InlineData(".arrow", "flip")]
    [InlineData(".parquet", "truncate")]
    [InlineData(".parquet", "flip")]
    [InlineData(".del", "truncate")]
    [InlineData(".del", "flip")]
    [InlineData(".arrow", "delete")]
    public void A_damaged_file_is_an_error_naming_it(string extension, string damage)
    {
        var format = extension == ".parquet" ? SegmentFileFormat.Parquet : SegmentFileFormat.ArrowIpc;
        var storage = StorageDirectory.Open(_root, format);
        storage.Persist([State(Table(40))], 3);
        var file = Directory.GetFiles(_root, "*" + extension, SearchOption.AllDirectories).First();
        var content = File.ReadAllBytes(file);
        switch (damage)
        {
            case "truncate":
                File.WriteAllBytes(file, content[..(content.Length - 3)]);
                break;
            case "flip":
                content[content.Length / 2] ^= 0x10;
                File.WriteAllBytes(file, content);
                break;
            default:
                File.Delete(file);
                break;
        }

        var reopened = StorageDirectory.Open(_root, format);
        var error = Assert.Throws<YodaException>(() => reopened.Load(reopened.Tables.Single()));
        Assert.Contains(file, error.Message);
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("flip")]
    [InlineData("garbage")]
    public void A_damaged_manifest_is_an_error_naming_it(string damage)
    {
        StorageDirectory.Open(_root, SegmentFileFormat.ArrowIpc).Persist([State(Table(20))], 3);
        var manifest = Path.Combine(_root, ManifestFile.FileName);
        var content = File.ReadAllBytes(manifest);
        File.WriteAllBytes(manifest, damage switch
        {
            "truncate" => content[..(content.Length - 10)],
            "flip" => content.Select((b, i) => i == content.Length - 20 ? (byte)(b ^ 0x01) : b).ToArray(),
            _ => "{\"FormatVersion\": 1}"u8.ToArray(),
        });

        var error = Assert.Throws<YodaException>(() => StorageDirectory.Open(_root, SegmentFileFormat.ArrowIpc));
        Assert.Contains(manifest, error.Message);
        Assert.Contains("damaged", error.Message);
    }

    [Fact]
    public void A_table_missing_from_the_next_persist_is_dropped_with_its_files()
    {
        var storage = StorageDirectory.Open(_root, SegmentFileFormat.ArrowIpc);
        storage.Persist([State(Table(20))], 1);
        var directory = Path.Combine(_root, storage.Tables.Single().Directory);
        storage.Persist([], 2);
        Assert.Empty(storage.Tables);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Chunks_merge_like_a_binary_counter()
    {
        var random = new Random(7);
        for (var run = 0; run < 50; run++)
        {
            var capacity = random.Next(2, 5000);
            var chunks = new List<ChunkManifest>();
            var rows = 0;
            var rewritten = 0L;
            while (rows < capacity)
            {
                var added = Math.Min(capacity - rows, random.Next(1, 20));
                rows += added;
                var replaced = ChunkPlan.ChunksToReplace(chunks, added, rows, capacity);
                var first = replaced == 0 ? rows - added : chunks[^replaced].FirstRow;
                chunks.RemoveRange(chunks.Count - replaced, replaced);
                chunks.Add(new ChunkManifest("f", first, rows - first, 0, 0));
                rewritten += rows - first;
                Assert.InRange(chunks.Count, 1, Math.Log2(capacity) + 1);
                Assert.Equal(rows, chunks.Sum(c => c.Rows));
            }

            Assert.Single(chunks);
            // Each row is written O(log rows) times, plus once when the segment seals.
            Assert.InRange(rewritten, capacity, capacity * (Math.Log2(capacity) + 3));
        }
    }
}
