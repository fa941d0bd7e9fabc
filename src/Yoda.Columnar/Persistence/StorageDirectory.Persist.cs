using Apache.Arrow;
using Yoda.Columnar.Storage;
using Yoda.Columnar.Types;

namespace Yoda.Columnar.Persistence;

public sealed partial class StorageDirectory
{
    /// <summary>Per table: the in-memory table last persisted and, for each of its segments then, the deletion vector and the compaction count.</summary>
    private readonly Dictionary<string, (object Identity, PersistedSegment[] Segments)> _persisted = new(StringComparer.OrdinalIgnoreCase);
    private long _bytesWritten;
    private long _filesWritten;

    public StorageStatistics Statistics
    {
        get
        {
            var perTable = _manifest.Tables.Select(t => t.Segments.Sum(s => s.Chunks.Count + (s.Deletions is null ? 0 : 1))).ToList();
            var stored = _manifest.Tables.Sum(t => t.Segments.Sum(s => s.Chunks.Sum(c => c.Length) + (s.Deletions?.Length ?? 0)));
            return new StorageStatistics(_bytesWritten, _filesWritten, stored, perTable.Sum(), perTable.Count == 0 ? 0 : perTable.Max());
        }
    }

    /// <summary>Records that the loaded table <paramref name="name"/> now lives in <paramref name="identity"/> with these segments, so the next persist writes only what changes.</summary>
    public void Adopt(string name, object identity, IReadOnlyList<Segment> segments) =>
        _persisted[name] = (identity, PersistedSegment.Of(segments));

    /// <summary>
    /// Publishes <paramref name="tables"/> (every table there is; tables not listed are dropped) at
    /// <paramref name="watermark"/>: writes the rows and deletion vectors that changed since the
    /// last publish, then the manifest. Throws <see cref="YodaException"/> and leaves the published
    /// state as it was on failure.
    /// </summary>
    public void Persist(IReadOnlyList<TableState> tables, long? watermark)
    {
        var batch = new PersistBatch(this, _manifest.NextFileNumber);
        StorageManifest manifest;
        try
        {
            var entries = tables.Select(batch.Table).ToList();
            foreach (var directory in batch.TouchedDirectories)
            {
                DurableFiles.SyncDirectory(directory);
            }

            DurableFiles.SyncDirectory(_root);
            manifest = new StorageManifest(ManifestFile.CurrentFormat, _manifest.Generation + 1, watermark, batch.NextFileNumber, entries);
            _bytesWritten += ManifestFile.Publish(_root, manifest);
            _filesWritten++;
        }
        catch (Exception e)
        {
            batch.DeleteCreated();
            if (e is YodaException)
            {
                throw;
            }

            throw new YodaException($"storage directory {_root}: the new state could not be written ({e.Message}); the previous state stays", e);
        }

        _manifest = manifest;
        HasPublishedState = true;
        foreach (var state in tables)
        {
            _persisted[state.Name] = (state.Identity, PersistedSegment.Of(state.Snapshot.Segments));
        }

        foreach (var gone in _persisted.Keys.Where(k => !tables.Any(t => string.Equals(t.Name, k, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            _persisted.Remove(gone);
        }

        DeleteReplaced();
    }

    /// <summary>Deletes the files and directories the current manifest no longer lists. A failure only leaves files the next open deletes.</summary>
    private void DeleteReplaced()
    {
        try
        {
            DeleteUnlisted();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unlisted files are never read; the next open tries again.
        }
    }

    /// <summary>The files one <see cref="Persist"/> call writes, and their cleanup if it fails.</summary>
    private sealed class PersistBatch(StorageDirectory storage, long nextFileNumber)
    {
        private readonly List<string> _created = [];

        public long NextFileNumber { get; private set; } = nextFileNumber;

        public HashSet<string> TouchedDirectories { get; } = new(StringComparer.Ordinal);

        public TableManifest Table(TableState state)
        {
            var previous = storage._manifest.Tables.FirstOrDefault(t => string.Equals(t.Name, state.Name, StringComparison.OrdinalIgnoreCase));
            var columns = state.Snapshot.Schema.FieldsList
                .Select(f => new ColumnManifest(f.Name, ColumnTypes.CanonicalName(f.DataType), f.IsNullable))
                .ToList();
            var continues = previous is not null
                && storage._persisted.TryGetValue(state.Name, out var persisted)
                && ReferenceEquals(persisted.Identity, state.Identity)
                && previous.Columns.SequenceEqual(columns)
                && previous.StoresRowid == state.StoresRowid
                && previous.SegmentCapacity == state.SegmentCapacity
                && previous.Segments.Count <= state.Snapshot.Segments.Length
                && previous.Segments.Count <= persisted.Segments.Length
                && previous.Segments.Select((s, i) => s.Rows <= state.Snapshot.Segments[i].RowCount || Rewritten(persisted.Segments, state.Snapshot.Segments, i)).All(ok => ok);

            string directory;
            if (continues)
            {
                directory = previous!.Directory;
            }
            else
            {
                directory = $"t{NextFileNumber++}-{SafeName(state.Name)}";
                Directory.CreateDirectory(Path.Combine(storage._root, directory));
            }

            var segments = state.Snapshot.Segments;
            var persistedSegments = continues ? storage._persisted[state.Name].Segments : [];

            // A segment compacted since it was written holds other rows: it is written afresh.
            var oldSegments = continues
                ? previous!.Segments.Select((s, i) => Rewritten(persistedSegments, segments, i) ? null : s).ToList()
                : [];

            // Plan the row files first, so that the rowids (a scan of the key index) are fetched once.
            var plans = new (int FirstRow, int Replaced)[segments.Length];
            long firstPosition = long.MaxValue;
            for (var s = 0; s < segments.Length; s++)
            {
                var old = s < oldSegments.Count ? oldSegments[s] : null;
                var oldRows = old?.Rows ?? 0;
                var newRows = segments[s].RowCount - oldRows;
                var chunks = old?.Chunks ?? [];
                var replaced = newRows == 0 ? 0 : ChunkPlan.ChunksToReplace(chunks, newRows, segments[s].RowCount, state.SegmentCapacity);
                var firstRow = replaced == 0 ? oldRows : chunks[chunks.Count - replaced].FirstRow;
                plans[s] = (firstRow, replaced);
                if (firstRow < segments[s].RowCount)
                {
                    firstPosition = Math.Min(firstPosition, ((long)s * state.SegmentCapacity) + firstRow);
                }
            }

            var rowids = state.RowidsFrom is { } lookup && firstPosition != long.MaxValue ? lookup(firstPosition) : null;
            var path = Path.Combine(storage._root, directory);
            var written = new List<SegmentManifest>(segments.Length);
            for (var s = 0; s < segments.Length; s++)
            {
                var segment = segments[s];
                var old = s < oldSegments.Count ? oldSegments[s] : null;
                var chunks = (old?.Chunks ?? []).ToList();
                var (firstRow, replaced) = plans[s];
                if (firstRow < segment.RowCount)
                {
                    chunks.RemoveRange(chunks.Count - replaced, replaced);
                    var position = ((long)s * state.SegmentCapacity) + firstRow;
                    chunks.Add(WriteRows(path, state, segment, firstRow, rowids, position - firstPosition));
                }

                var deletions = old?.Deletions;
                var oldVector = s < persistedSegments.Length ? persistedSegments[s].Deleted : null;
                if (old is null || !ReferenceEquals(segment.Deleted, oldVector))
                {
                    deletions = segment.Deleted is { } vector ? WriteDeletions(path, vector) : null;
                }

                written.Add(new SegmentManifest(segment.RowCount, chunks, deletions));
            }

            return new TableManifest(state.Name, directory, state.SchemaVersion, columns, state.StoresRowid,
                state.LoadedThroughSequence, state.SegmentCapacity, written);
        }

        /// <summary>Whether compaction rewrote segment <paramref name="index"/> since it was persisted.</summary>
        private static bool Rewritten(PersistedSegment[] persisted, IReadOnlyList<Segment> segments, int index) =>
            index < persisted.Length && persisted[index].Compactions != segments[index].Compactions;

        public void DeleteCreated()
        {
            foreach (var file in _created)
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Left for the next open, which deletes unlisted files.
                }
            }
        }

        private ChunkManifest WriteRows(string directory, TableState state, Segment segment, int firstRow, long?[]? rowids, long rowidOffset)
        {
            var rows = segment.RowCount - firstRow;
            var arrays = Enumerable.Range(0, segment.Batch.ColumnCount)
                .Select(c => ArrowArrayFactory.Slice(segment.Batch.Column(c), firstRow, rows))
                .ToList();
            var schema = state.Snapshot.Schema;
            if (rowids is not null)
            {
                schema = FileSchema(schema);
                var builder = new Int64Array.Builder();
                for (var i = 0; i < rows; i++)
                {
                    if (rowids[rowidOffset + i] is { } id)
                    {
                        builder.Append(id);
                    }
                    else
                    {
                        builder.AppendNull();
                    }
                }

                arrays.Add(builder.Build());
            }

            var name = NewFileName(storage._codec.Extension);
            var stamp = Write(directory, name, storage._codec.Encode(new RecordBatch(schema, arrays, rows)));
            return new ChunkManifest(name, firstRow, rows, stamp.Length, stamp.Crc);
        }

        private DeletionManifest WriteDeletions(string directory, DeletionVector vector)
        {
            var name = NewFileName(DeletionVectorFile.Extension);
            var stamp = Write(directory, name, DeletionVectorFile.Encode(vector));
            return new DeletionManifest(name, vector.DeletedCount, stamp.Length, stamp.Crc);
        }

        private FileStamp Write(string directory, string name, byte[] content)
        {
            var path = Path.Combine(directory, name);
            _created.Add(path);
            var stamp = DurableFiles.Write(path, content);
            TouchedDirectories.Add(directory);
            storage._bytesWritten += content.Length;
            storage._filesWritten++;
            return stamp;
        }

        private string NewFileName(string extension) => $"{NextFileNumber++:D10}{extension}";

        private static string SafeName(string name)
        {
            var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray());
            return safe.Length > 40 ? safe[..40] : safe;
        }
    }
}
