using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Persistence;

/// <summary>One table as it is to be persisted.</summary>
/// <param name="Identity">The in-memory table these snapshots come from: another object under the same name (a table dropped and registered again) is written afresh.</param>
/// <param name="RowidsFrom">For tables replicated by rowid: the rowid of every live row at or after a position (null for rows without a key), in position order up to the snapshot's end.</param>
public sealed record TableState(
    object Identity,
    TableSnapshot Snapshot,
    int SchemaVersion,
    long LoadedThroughSequence,
    int SegmentCapacity,
    Func<long, long?[]>? RowidsFrom)
{
    public string Name => Snapshot.Name;

    public bool StoresRowid => RowidsFrom is not null;
}
