using Apache.Arrow;

namespace Yoda.DuckDb;

/// <summary>
/// What the DuckDB file records of one OLAP table besides its rows: the registration's schema
/// version, the log position an initial sync read it at, whether rows carry their SQLite rowid,
/// and the columns (names, Arrow types, nullability) in OLAP order.
/// </summary>
public sealed record StoredTable(string Name, int SchemaVersion, long LoadedThroughSequence, bool StoresRowid, Schema Schema);
