using Yoda.Columnar.Storage;

namespace Yoda.DuckDb;

/// <summary>
/// One OLAP table's change in a commit: the snapshot DuckDB holds now (<see cref="Before"/>) and
/// the one it must hold (<see cref="After"/>), both of the same columnar table, whose positions
/// (<c>segment * capacity + row</c>) identify rows on both sides. An empty <see cref="Before"/>
/// (re)creates the DuckDB table.
/// </summary>
/// <param name="RowidAt">For tables replicated by rowid: the rowid of a row appended at a position, when it has a key.</param>
public sealed record TableDelta(
    StoredTable Table,
    TableSnapshot Before,
    TableSnapshot After,
    int SegmentCapacity,
    Func<long, long?>? RowidAt);
