namespace Yoda.DuckDb;

/// <summary>
/// Where things live in the DuckDB database: each OLAP table's rows in <c>_yoda_data."t"</c>
/// (with the row's position <c>_yoda_pos</c> first and, for tables replicated by rowid, the rowid
/// <c>_yoda_rowid</c> last), exposed to queries as the view <c>main."t"</c> of the OLAP columns;
/// Yoda's own records in <c>_yoda_meta</c>.
/// </summary>
internal static class DuckDbNames
{
    public const string DataSchema = "_yoda_data";
    public const string MetaSchema = "_yoda_meta";
    public const string Position = "_yoda_pos";
    public const string Rowid = "_yoda_rowid";

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string DataTable(string table) => $"{DataSchema}.{Quote(table)}";

    public static string View(string table) => $"main.{Quote(table)}";
}
