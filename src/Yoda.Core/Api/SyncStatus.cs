namespace Yoda;

/// <summary>
/// Replication state: <see cref="Lag"/> is the number of CDC events not yet applied to OLAP,
/// <see cref="LastSyncedSeq"/> the sequence number of the last applied event (null before any).
/// </summary>
public sealed record SyncStatus(long Lag, long? LastSyncedSeq)
{
    /// <summary>The message of the background sync loop's last failed cycle; null once a cycle succeeds again.</summary>
    public string? LastError { get; init; }

    /// <summary>When a sync cycle last completed (UTC), by the loop or by <c>SyncNowAsync</c>; null before any.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>How long ago the oldest event not yet applied was captured: freshness in time. Null when nothing is pending.</summary>
    public TimeSpan? OldestUnappliedAge { get; init; }
}
