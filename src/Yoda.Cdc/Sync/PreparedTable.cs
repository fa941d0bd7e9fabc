using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Sync;

/// <summary>
/// One table of <see cref="PreparedChanges"/>: the snapshot published before the change, the one
/// prepared, and the key-index changes staged (a key's new position, or -1 when removed).
/// </summary>
public sealed record PreparedTable(
    TableReplica Replica,
    TableSnapshot Before,
    TableSnapshot After,
    IReadOnlyDictionary<RowKey, long> StagedKeys);
