namespace Yoda;

/// <summary>What one sync cycle did. <see cref="PrunedCount"/> is null when pruning is off.</summary>
public sealed record SyncResult(long EventsProcessed, long RowsInserted, long RowsUpdated,
                                long RowsDeleted, long? PrunedCount);
