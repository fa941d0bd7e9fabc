namespace Yoda;

/// <summary>
/// One OLAP table as it stands: <see cref="LiveRows"/> visible rows (in temporal tables, versions
/// of every age), <see cref="StoredRows"/> rows held including deleted ones (segments are not compacted yet),
/// <see cref="Segments"/> row groups, and <see cref="Bytes"/> of Arrow buffers and deletion vectors.
/// </summary>
public sealed record OlapTableInfo(string Name, long LiveRows, long StoredRows, int Segments, long Bytes);
