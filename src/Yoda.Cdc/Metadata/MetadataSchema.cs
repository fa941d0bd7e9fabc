namespace Yoda.Cdc;

/// <summary>The names and DDL of Yoda's own tables inside the SQLite file.</summary>
public static class MetadataSchema
{
    public const string LogTable = "_yoda_cdc_log";
    public const string TablesTable = "_yoda_tables";
    public const string StateTable = "_yoda_state";
    public const string WatermarkKey = "watermark";
    public const string FormatKey = "format_version";

    /// <summary>
    /// The layout of Yoda's tables that this build reads and writes. Format 2: the log's
    /// <c>seq</c> is a plain rowid (format 1 declared it AUTOINCREMENT, whose upkeep of
    /// <c>sqlite_sequence</c> cost every writing statement about a sixth of its time); a log
    /// pruned empty keeps a <see cref="PrunedMarker"/> row at its highest sequence number instead.
    /// </summary>
    public const long FormatVersion = 2;

    /// <summary>
    /// The operation of the row that holds the highest sequence number ever issued once every
    /// event up to it was pruned: SQLite gives a new row the highest rowid plus one, so without it
    /// the numbers would start again at 1 and fall below the watermark.
    /// </summary>
    public const string PrunedMarker = "P";

    /// <summary>Prefix reserved for Yoda's tables and triggers.</summary>
    public const string ReservedPrefix = "_yoda_";

    public static readonly string[] CreateStatements =
    [
        $"""
        CREATE TABLE IF NOT EXISTS {LogTable}(
          seq INTEGER PRIMARY KEY,
          table_name TEXT NOT NULL,
          op TEXT NOT NULL,
          ts INTEGER NOT NULL,
          schema_version INTEGER NOT NULL)
        """,
        $"CREATE TABLE IF NOT EXISTS {TablesTable}(name TEXT PRIMARY KEY COLLATE NOCASE, definition TEXT NOT NULL)",
        $"CREATE TABLE IF NOT EXISTS {StateTable}(key TEXT PRIMARY KEY, value INTEGER)",
    ];
}
