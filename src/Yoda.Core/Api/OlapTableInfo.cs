namespace Yoda;

/// <summary>
/// One OLAP table as it stands: <see cref="LiveRows"/> visible rows (in temporal tables, versions
/// of every age), <see cref="StoredRows"/> rows held including deleted ones not compacted away yet
/// (see <see cref="HtapConfig.CompactionThreshold"/>), <see cref="Segments"/> row groups (emptied
/// ones included), and <see cref="Bytes"/> of Arrow buffers and deletion vectors.
/// </summary>
public sealed record OlapTableInfo(string Name, long LiveRows, long StoredRows, int Segments, long Bytes);
