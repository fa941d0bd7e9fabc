using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Storage;
using Yoda.Columnar.Types;

namespace Yoda.Columnar.Persistence;

/// <summary>
/// A directory of durable OLAP tables: <c>manifest.json</c> and one subdirectory per table holding
/// its data files (Arrow IPC or Parquet) and deletion vectors. New files are written and flushed
/// first; a new manifest naming them is then published atomically; files no manifest names any
/// more are deleted afterwards, or at the next open if a crash came first.
/// </summary>
/// <remarks>This type is split in two: opening and loading here, persisting in <c>StorageDirectory.Persist.cs</c>.</remarks>
public sealed partial class StorageDirectory
{
    /// <summary>The last column of the data files of tables replicated by rowid.</summary>
    public const string RowidColumn = "_yoda_rowid";

    private readonly string _root;
    private readonly SegmentCodec _codec;
    private StorageManifest _manifest;

    private StorageDirectory(string root, SegmentCodec codec, StorageManifest manifest, bool published)
    {
        _root = root;
        _codec = codec;
        _manifest = manifest;
        HasPublishedState = published;
    }

    /// <summary>Whether a manifest was found at open or has been published since.</summary>
    public bool HasPublishedState { get; private set; }

    /// <summary>The watermark of the published state.</summary>
    public long? Watermark => _manifest.Watermark;

    public IReadOnlyList<TableManifest> Tables => _manifest.Tables;

    public string Root => _root;

    /// <summary>
    /// Opens (or creates) the directory, reads and checks its manifest, and deletes the files a
    /// crash left behind (files Yoda names that the manifest does not list). Files Yoda would not
    /// have named are left alone.
    /// </summary>
    public static StorageDirectory Open(string root, SegmentFileFormat format)
    {
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new YodaException($"storage directory {root} cannot be created: {e.Message}", e);
        }

        var manifest = ManifestFile.Read(root);
        var storage = new StorageDirectory(
            root,
            SegmentCodec.For(format),
            manifest ?? new StorageManifest(ManifestFile.CurrentFormat, 0, null, 1, []),
            manifest is not null);
        storage.DeleteUnlisted();
        return storage;
    }

    /// <summary>Reads every file of <paramref name="table"/>, checking lengths, checksums and shapes.</summary>
    public LoadedTable Load(TableManifest table)
    {
        var schema = SchemaOf(table);
        var fileSchema = table.StoresRowid ? FileSchema(schema) : schema;
        var directory = Path.Combine(_root, table.Directory);
        var segments = new List<Segment>(table.Segments.Count);
        var rowids = table.StoresRowid ? new List<Int64Array>(table.Segments.Count) : null;
        for (var s = 0; s < table.Segments.Count; s++)
        {
            var segment = table.Segments[s];
            // Sealed segments are full unless compacted (down to none); the last one has a row at least.
            var isLast = s == table.Segments.Count - 1;
            if (segment.Rows < (isLast ? 1 : 0) || segment.Rows > table.SegmentCapacity)
            {
                throw new YodaException($"storage manifest {ManifestPath} is damaged: segment {s} of table {table.Name} has {segment.Rows} rows");
            }

            var batch = ReadSegment(table, s, segment, directory, fileSchema);
            if (rowids is not null)
            {
                rowids.Add((Int64Array)batch.Column(batch.ColumnCount - 1));
                batch = new RecordBatch(schema, Enumerable.Range(0, schema.FieldsList.Count).Select(batch.Column), batch.Length);
            }

            DeletionVector? deleted = null;
            if (segment.Deletions is { } deletions)
            {
                var path = Path.Combine(directory, deletions.File);
                deleted = DeletionVectorFile.Decode(DurableFiles.ReadVerified(path, deletions.Stamp), segment.Rows, path);
                if (deleted.DeletedCount != deletions.Deleted)
                {
                    throw new YodaException($"storage file {path} is damaged: {deleted.DeletedCount} rows deleted where the manifest records {deletions.Deleted}");
                }
            }

            segments.Add(new Segment(batch, deleted));
        }

        return new LoadedTable(table, schema, segments, rowids);
    }

    private string ManifestPath => Path.Combine(_root, ManifestFile.FileName);

    private static Schema SchemaOf(TableManifest table) => new(
        table.Columns.Select(c => new Field(
            c.Name,
            ColumnTypes.TryParse(c.Type, out var type) ? type : throw new YodaException($"storage manifest of table {table.Name} names an unknown type {c.Type}"),
            c.Nullable)),
        metadata: null);

    private static Schema FileSchema(Schema schema)
    {
        if (schema.FieldsList.Any(f => string.Equals(f.Name, RowidColumn, StringComparison.OrdinalIgnoreCase)))
        {
            throw new YodaException($"a column named {RowidColumn} in a table replicated by rowid is not supported yet with file storage");
        }

        return new Schema([.. schema.FieldsList, new Field(RowidColumn, Int64Type.Default, nullable: true)], metadata: null);
    }

    private RecordBatch ReadSegment(TableManifest table, int index, SegmentManifest segment, string directory, Schema fileSchema)
    {
        var parts = new List<RecordBatch>(segment.Chunks.Count);
        var next = 0;
        foreach (var chunk in segment.Chunks)
        {
            var path = Path.Combine(directory, chunk.File);
            if (chunk.FirstRow != next || chunk.Rows < 1)
            {
                throw new YodaException($"storage manifest {ManifestPath} is damaged: file {path} of table {table.Name} segment {index} does not continue its segment");
            }

            var content = DurableFiles.ReadVerified(path, chunk.Stamp);
            parts.Add(SegmentCodec.ForFile(chunk.File).Decode(content, fileSchema, chunk.Rows, path));
            next += chunk.Rows;
        }

        if (next != segment.Rows)
        {
            throw new YodaException($"storage manifest {ManifestPath} is damaged: the files of table {table.Name} segment {index} hold {next} rows, not {segment.Rows}");
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        if (parts.Count == 0)
        {
            return new RecordBatch(fileSchema, fileSchema.FieldsList.Select(f => ColumnBuilder.Create(f.Name, f.DataType).Build()), 0);
        }

        var arrays = Enumerable.Range(0, fileSchema.FieldsList.Count)
            .Select(c => ArrowArrayConcatenator.Concatenate(parts.Select(p => p.Column(c)).ToList()))
            .ToList();
        return new RecordBatch(fileSchema, arrays, next);
    }

    /// <summary>Deletes what a crash left: temporary manifests, table directories and files Yoda named that the manifest does not list.</summary>
    private void DeleteUnlisted()
    {
        File.Delete(Path.Combine(_root, ManifestFile.TemporaryFileName));
        var listed = _manifest.Tables.ToDictionary(
            t => t.Directory,
            t => t.Segments.SelectMany(s => s.Chunks.Select(c => c.File).Concat(s.Deletions is { } d ? [d.File] : [])).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(directory);
            if (!TableDirectoryName().IsMatch(name))
            {
                continue;
            }

            if (listed.TryGetValue(name, out var files))
            {
                DeleteOwnFiles(directory, files);
            }
            else
            {
                DeleteOwnFiles(directory, []);
                if (!Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    Directory.Delete(directory);
                }
            }
        }
    }

    /// <summary>Deletes the files in <paramref name="directory"/> Yoda named and <paramref name="keep"/> does not hold.</summary>
    private static void DeleteOwnFiles(string directory, HashSet<string> keep)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            if (DataFileName().IsMatch(name) && !keep.Contains(name))
            {
                File.Delete(file);
            }
        }
    }

    [GeneratedRegex(@"^t[0-9]+-")]
    private static partial Regex TableDirectoryName();

    [GeneratedRegex(@"^[0-9]{10}\.(arrow|parquet|del)$")]
    private static partial Regex DataFileName();
}
