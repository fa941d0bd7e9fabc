namespace Yoda.Cdc;

/// <summary>The names and DDL of Yoda's own tables inside the SQLite file.</summary>
public static class MetadataSchema
{
    public const string LogTable = "_yoda_cdc_log";
    public const string TablesTable = "_yoda_tables";
    public const string StateTable = "_yoda_state";
    public const string WatermarkKey = "watermark";

    /// <summary>Prefix reserved for Yoda's tables and triggers.</summary>
    public const string ReservedPrefix = "_yoda_";

    public static readonly string[] CreateStatements =
    [
        $"""
        CREATE TABLE IF NOT EXISTS {LogTable}(
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          table_name TEXT NOT NULL,
          op TEXT NOT NULL,
          ts INTEGER NOT NULL,
          schema_version INTEGER NOT NULL)
        """,
        $"CREATE TABLE IF NOT EXISTS {TablesTable}(name TEXT PRIMARY KEY COLLATE NOCASE, definition TEXT NOT NULL)",
        $"CREATE TABLE IF NOT EXISTS {StateTable}(key TEXT PRIMARY KEY, value INTEGER)",
    ];
}
