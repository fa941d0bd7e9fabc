namespace Yoda;

/// <summary>What a compaction did: the segments rewritten with only their live rows, and the deleted rows dropped.</summary>
public sealed record CompactionResult(int SegmentsCompacted, long RowsRemoved);
