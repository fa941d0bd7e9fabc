using Apache.Arrow;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Persistence;

/// <summary>A table read back from its files: its segments, and the stored rowid of each row for tables replicated by rowid.</summary>
public sealed record LoadedTable(
    TableManifest Manifest,
    Schema Schema,
    IReadOnlyList<Segment> Segments,
    IReadOnlyList<Int64Array>? Rowids);
