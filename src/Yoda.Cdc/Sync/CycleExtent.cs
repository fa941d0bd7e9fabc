namespace Yoda.Cdc.Sync;

/// <summary>What a cycle read: its events, the sequence number of the last one, and whether the batch was full (more may wait).</summary>
public readonly record struct CycleExtent(int Count, long Last, bool Full);
