namespace Yoda.Columnar.Persistence;

/// <summary>
/// What the storage wrote since it was opened and what it holds now. Write amplification is
/// <see cref="BytesWritten"/> over <see cref="StoredBytes"/> when every row was written in this run.
/// </summary>
/// <param name="BytesWritten">Bytes of data files, deletion vectors and manifests written since the storage was opened.</param>
/// <param name="FilesWritten">Files written since the storage was opened (manifests included).</param>
/// <param name="StoredBytes">Bytes of the files the current manifest names.</param>
/// <param name="FileCount">Files the current manifest names.</param>
/// <param name="MaxFilesPerTable">The most files any one table has now.</param>
public sealed record StorageStatistics(long BytesWritten, long FilesWritten, long StoredBytes, int FileCount, int MaxFilesPerTable);
