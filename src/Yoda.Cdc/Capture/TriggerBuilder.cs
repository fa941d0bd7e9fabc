using System.Globalization;
using System.Text;
using Apache.Arrow.Types;
using Yoda.Cdc.Log;
using Yoda.Cdc.Registration;
using Yoda.Cdc.Sql;
using Yoda.Columnar.Types;

namespace Yoda.Cdc.Capture;

/// <summary>
/// Generates the AFTER INSERT / UPDATE / DELETE triggers that append each change of a registered
/// table to the CDC log in the writing transaction. Every name is quoted; every value is
/// encoded exactly (see <see cref="ValueCodec"/>). The insert and update triggers also refuse
/// values that the registered column type cannot hold, so SQLite and OLAP never disagree.
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

    public static IEnumerable<string> CreateStatements(ReplicatedTable table)
    {
        var quotedTable = SqlText.Identifier(table.Name);
        var names = TriggerNames(table.Name).Select(SqlText.Identifier).ToArray();
        var version = table.SchemaVersion.ToString(CultureInfo.InvariantCulture);
        var tableLiteral = SqlText.Literal(table.Name);
        var check = ValueCheck(table, "NEW");

        yield return $"""
            CREATE TRIGGER {names[0]} AFTER INSERT ON {quotedTable} FOR EACH ROW BEGIN
            {check}  INSERT INTO {MetadataSchema.LogTable}(table_name, op, ts, schema_version, old_key, row_image)
              VALUES ({tableLiteral}, 'I', {TimestampExpression}, {version}, NULL, {RowImage(table, "NEW")});
            END
            """;
        yield return $"""
            CREATE TRIGGER {names[1]} AFTER UPDATE ON {quotedTable} FOR EACH ROW BEGIN
            {check}  INSERT INTO {MetadataSchema.LogTable}(table_name, op, ts, schema_version, old_key, row_image)
              VALUES ({tableLiteral}, 'U', {TimestampExpression}, {version}, {KeyImage(table, "OLD")}, {RowImage(table, "NEW")});
            END
            """;
        yield return $"""
            CREATE TRIGGER {names[2]} AFTER DELETE ON {quotedTable} FOR EACH ROW BEGIN
              INSERT INTO {MetadataSchema.LogTable}(table_name, op, ts, schema_version, old_key, row_image)
              VALUES ({tableLiteral}, 'D', {TimestampExpression}, {version}, {KeyImage(table, "OLD")}, {RowImage(table, "OLD")});
            END
            """;
    }

    /// <summary>The encoded key: the rowid, or the primary-key values in key order.</summary>
    private static string KeyImage(ReplicatedTable table, string row) => table.UsesRowid
        ? ValueCodec.EncodeExpression($"{row}.{SqlText.Identifier(table.RowidAlias!)}")
        : Join(table.PrimaryKey.Select(k => ValueCodec.EncodeExpression($"{row}.{SqlText.Identifier(k)}")));

    /// <summary>The encoded row: the rowid first for rowid tables, then every registered column.</summary>
    private static string RowImage(ReplicatedTable table, string row)
    {
        var parts = new List<string>();
        if (table.UsesRowid)
        {
            parts.Add(ValueCodec.EncodeExpression($"{row}.{SqlText.Identifier(table.RowidAlias!)}"));
        }

        parts.AddRange(table.Columns.Select(c => ValueCodec.EncodeExpression($"{row}.{SqlText.Identifier(c.Name)}")));
        return Join(parts);
    }

    private static string Join(IEnumerable<string> parts) => string.Join(" || ',' || ", parts);

    private static string ValueCheck(ReplicatedTable table, string row)
    {
        var conditions = new StringBuilder();
        foreach (var column in table.Columns)
        {
            var value = $"{row}.{SqlText.Identifier(column.Name)}";
            var (allowed, expectation) = Allowed(column.Type, value);
            var nullable = column.IsNullable ? $"{value} IS NULL OR " : string.Empty;
            var message = $"yoda: column {column.Name} of table {table.Name} expects {expectation}"
                          + (column.IsNullable ? " or NULL" : " (primary key: not NULL)");
            conditions.Append(CultureInfo.InvariantCulture,
                $"    WHEN NOT ({nullable}{allowed}) THEN RAISE(ABORT, {SqlText.Literal(message)})\n");
        }

        return $"  SELECT CASE\n{conditions}  END;\n";
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
