namespace Yoda.Columnar.Persistence;

/// <summary>
/// The published state of a storage directory: which files make up which table, and the CDC
/// watermark the data reflects. Files not named here do not belong to the state.
/// </summary>
/// <param name="FormatVersion">The layout version (<see cref="ManifestFile.CurrentFormat"/>).</param>
/// <param name="Generation">Grows by one with each published manifest.</param>
/// <param name="Watermark">Sequence number of the last CDC event the tables reflect; null before any.</param>
/// <param name="NextFileNumber">The next number free for a file or table directory name (never reused).</param>
public sealed record StorageManifest(
    int FormatVersion,
    long Generation,
    long? Watermark,
    long NextFileNumber,
    IReadOnlyList<TableManifest> Tables);

/// <param name="Directory">The table's subdirectory under the storage root.</param>
/// <param name="SchemaVersion">The registration's schema version the columns belong to.</param>
/// <param name="StoresRowid">Data files carry a last column <c>_yoda_rowid</c> (the SQLite rowid of live rows) for tables replicated by rowid.</param>
/// <param name="LoadedThroughSequence">Events of this table up to here are already in the data (an initial sync read it there).</param>
public sealed record TableManifest(
    string Name,
    string Directory,
    int SchemaVersion,
    IReadOnlyList<ColumnManifest> Columns,
    bool StoresRowid,
    long LoadedThroughSequence,
    int SegmentCapacity,
    IReadOnlyList<SegmentManifest> Segments);

/// <param name="Type">The canonical column type name (<c>int64</c>, <c>utf8</c>, …).</param>
public sealed record ColumnManifest(string Name, string Type, bool Nullable);

/// <summary>One segment: its rows in consecutive chunk files, and its deletion vector if any row is deleted.</summary>
public sealed record SegmentManifest(int Rows, IReadOnlyList<ChunkManifest> Chunks, DeletionManifest? Deletions);

/// <summary>A data file holding rows [<paramref name="FirstRow"/>, FirstRow + Rows) of its segment.</summary>
public sealed record ChunkManifest(string File, int FirstRow, int Rows, long Length, uint Crc)
{
    public FileStamp Stamp => new(Length, Crc);
}

public sealed record DeletionManifest(string File, int Deleted, long Length, uint Crc)
{
    public FileStamp Stamp => new(Length, Crc);
}
