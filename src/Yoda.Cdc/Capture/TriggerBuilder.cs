using System.Globalization;
using Apache.Arrow.Types;
using Yoda.Cdc.Log;
using Yoda.Cdc.Registration;
using Yoda.Cdc.Sql;
using Yoda.Columnar.Types;

namespace Yoda.Cdc.Capture;

/// <summary>
/// Generates the AFTER INSERT / UPDATE / DELETE triggers that append each change of a registered
/// table to the CDC log in the writing transaction. Every name is quoted. Values are copied as
/// they are into untyped log columns (see <see cref="LogLayout"/>), so they survive exactly and
/// the trigger stays small: SQLite compiles it into every statement that writes the table. The
/// insert and update triggers also refuse values that the registered column type cannot hold, so
/// SQLite and OLAP never disagree: each new value is logged through
/// <c>CASE WHEN allowed THEN value ELSE RAISE(ABORT, …) END</c>, one statement in the trigger
/// instead of a checking SELECT before the INSERT, which costs SQLite less to compile and run.
/// </summary>
public static class TriggerBuilder
{
    /// <summary>Microseconds since the Unix epoch, at SQLite's millisecond clock resolution.</summary>
    private const string TimestampExpression = "CAST(ROUND(unixepoch('subsec') * 1000) AS INTEGER) * 1000";

    private static readonly string[] Operations = ["insert", "update", "delete"];

    public static IEnumerable<string> TriggerNames(string table) =>
        Operations.Select(op => $"_yoda_cdc_{table}_{op}");

    public static IEnumerable<string> DropStatements(string table) =>
        TriggerNames(table).Select(name => $"DROP TRIGGER IF EXISTS {SqlText.Identifier(name)}");

    /// <summary>Widens the log if the table needs more value columns, then creates the triggers.</summary>
    public static void Install(Microsoft.Data.Sqlite.SqliteConnection connection, ReplicatedTable table)
    {
        LogLayout.EnsureWidth(connection, KeyImage(table, "OLD").Count, RowImage(table, "NEW").Count);
        foreach (var statement in CreateStatements(table))
        {
            connection.Execute(statement);
        }
    }

    public static IEnumerable<string> CreateStatements(ReplicatedTable table)
    {
        var quotedTable = SqlText.Identifier(table.Name);
        var names = TriggerNames(table.Name).Select(SqlText.Identifier).ToArray();
        var version = table.SchemaVersion.ToString(CultureInfo.InvariantCulture);
        var tableLiteral = SqlText.Literal(table.Name);
        var checkedRow = CheckedRowImage(table, "NEW");
        var head = $"INSERT INTO {MetadataSchema.LogTable}(table_name, op, ts, schema_version";
        var rowColumns = string.Concat(LogLayout.RowColumns(RowImage(table, "NEW").Count).Select(c => ", " + c));
        var keyAndRowColumns = string.Concat(LogLayout.KeyColumns(KeyImage(table, "OLD").Count).Select(c => ", " + c)) + rowColumns;

        yield return $"""
            CREATE TRIGGER {names[0]} AFTER INSERT ON {quotedTable} FOR EACH ROW BEGIN
              {head}{rowColumns})
              VALUES ({tableLiteral}, 'I', {TimestampExpression}, {version}, {string.Join(", ", checkedRow)});
            END
            """;
        yield return $"""
            CREATE TRIGGER {names[1]} AFTER UPDATE ON {quotedTable} FOR EACH ROW BEGIN
              {head}{keyAndRowColumns})
              VALUES ({tableLiteral}, 'U', {TimestampExpression}, {version}, {string.Join(", ", KeyImage(table, "OLD").Concat(checkedRow))});
            END
            """;
        yield return $"""
            CREATE TRIGGER {names[2]} AFTER DELETE ON {quotedTable} FOR EACH ROW BEGIN
              {head}{keyAndRowColumns})
              VALUES ({tableLiteral}, 'D', {TimestampExpression}, {version}, {string.Join(", ", KeyImage(table, "OLD").Concat(RowImage(table, "OLD")))});
            END
            """;
    }

    /// <summary>The key's values: the rowid, or the primary-key columns in key order.</summary>
    public static IReadOnlyList<string> KeyImage(ReplicatedTable table, string row) => table.UsesRowid
        ? [$"{row}.{SqlText.Identifier(table.RowidAlias!)}"]
        : table.PrimaryKey.Select(k => $"{row}.{SqlText.Identifier(k)}").ToList();

    /// <summary>The row's values: the rowid first for rowid tables, then every registered column.</summary>
    public static IReadOnlyList<string> RowImage(ReplicatedTable table, string row)
    {
        var parts = new List<string>();
        if (table.UsesRowid)
        {
            parts.Add($"{row}.{SqlText.Identifier(table.RowidAlias!)}");
        }

        parts.AddRange(table.Columns.Select(c => $"{row}.{SqlText.Identifier(c.Name)}"));
        return parts;
    }

    /// <summary>The row image whose column values raise an error when the registered type cannot hold them.</summary>
    private static IReadOnlyList<string> CheckedRowImage(ReplicatedTable table, string row)
    {
        var parts = new List<string>();
        if (table.UsesRowid)
        {
            parts.Add($"{row}.{SqlText.Identifier(table.RowidAlias!)}");
        }

        foreach (var column in table.Columns)
        {
            var value = $"{row}.{SqlText.Identifier(column.Name)}";
            var (allowed, expectation) = Allowed(column.Type, value);
            var nullable = column.IsNullable ? $" OR {value} IS NULL" : string.Empty;
            var message = $"yoda: column {column.Name} of table {table.Name} expects {expectation}"
                          + (column.IsNullable ? " or NULL" : " (primary key: not NULL)");
            parts.Add($"CASE WHEN {allowed}{nullable} THEN {value} ELSE RAISE(ABORT, {SqlText.Literal(message)}) END");
        }

        return parts;
    }

    private static (string Condition, string Expectation) Allowed(IArrowType type, string v)
    {
        static (string, string) IntegerRange(string v, string name, string lo, string hi) =>
            ($"typeof({v}) = 'integer' AND {v} BETWEEN {lo} AND {hi}", $"{name} (an integer from {lo} to {hi})");

        return type.TypeId switch
        {
            ArrowTypeId.Int8 => IntegerRange(v, "int8", "-128", "127"),
            ArrowTypeId.Int16 => IntegerRange(v, "int16", "-32768", "32767"),
            ArrowTypeId.Int32 => IntegerRange(v, "int32", "-2147483648", "2147483647"),
            ArrowTypeId.UInt8 => IntegerRange(v, "uint8", "0", "255"),
            ArrowTypeId.UInt16 => IntegerRange(v, "uint16", "0", "65535"),
            ArrowTypeId.UInt32 => IntegerRange(v, "uint32", "0", "4294967295"),
            ArrowTypeId.UInt64 => ($"typeof({v}) = 'integer' AND {v} >= 0", "uint64 (a non-negative integer)"),
            ArrowTypeId.Int64 => ($"typeof({v}) = 'integer'", "int64 (an integer)"),
            ArrowTypeId.Boolean => ($"typeof({v}) = 'integer' AND {v} IN (0, 1)", "bool (0 or 1)"),
            ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double =>
                ($"typeof({v}) IN ('integer', 'real')", $"{ColumnTypes.CanonicalName(type)} (a number)"),
            ArrowTypeId.String => ($"typeof({v}) = 'text'", "utf8 (text)"),
            ArrowTypeId.Binary => ($"typeof({v}) = 'blob'", "binary (a blob)"),
            _ => throw new YodaException($"column type {type.Name} cannot be captured"),
        };
    }
}
