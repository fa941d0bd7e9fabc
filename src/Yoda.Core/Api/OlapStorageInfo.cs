namespace Yoda;

/// <summary>
/// Durable OLAP storage as it stands (file storage modes only): what it wrote since the engine
/// opened and what it holds now. <see cref="BytesWritten"/> / <see cref="StoredBytes"/> is the
/// write amplification of a run that wrote every row itself.
/// </summary>
/// <param name="BytesWritten">Bytes of data files, deletion vectors and manifests written since the engine opened.</param>
/// <param name="FilesWritten">Files written since the engine opened, manifests included.</param>
/// <param name="StoredBytes">Bytes of the files the current manifest names.</param>
/// <param name="FileCount">Files the current manifest names.</param>
/// <param name="MaxFilesPerTable">The most files one table has now.</param>
/// <param name="DurableWatermark">The CDC watermark the files reflect; the log is never pruned past it.</param>
public sealed record OlapStorageInfo(long BytesWritten, long FilesWritten, long StoredBytes, int FileCount, int MaxFilesPerTable, long? DurableWatermark);
