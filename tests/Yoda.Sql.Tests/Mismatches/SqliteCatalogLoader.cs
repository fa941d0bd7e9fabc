using System.Collections.Immutable;
using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Sqlite;
using Yoda.Columnar.Storage;

namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// Copies every SQLite table whose declared column types map to one Arrow type (INTEGER, REAL, TEXT, BLOB)
/// and whose stored values all fit that type into a catalog snapshot. Other tables are listed as unloadable.
/// </summary>
public static class SqliteCatalogLoader
{
    public static (CatalogSnapshot Catalog, HashSet<string> Unloadable) Load(SqliteConnection connection)
    {
        var tables = new List<TableSnapshot>();
        var unloadable = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, type) in Query(connection, "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')").Select(r => ((string)r[0]!, (string)r[1]!)))
        {
            var table = type == "table" ? TryLoad(connection, name) : null;
            if (table is null)
            {
                unloadable.Add(name);
            }
            else
            {
                tables.Add(table);
            }
        }

        return (new CatalogSnapshot(tables), unloadable);
    }

    private static TableSnapshot? TryLoad(SqliteConnection connection, string table)
    {
        var info = Query(connection, $"PRAGMA table_info(\"{table}\")");
        var columns = info.Select(r => ((string)r[1]!, ArrowTypeOf((string)r[2]!))).ToList();
        var keyColumns = info.Where(r => (long)r[5]! > 0).Select(r => (string)r[1]!).ToList();
        if (columns.Any(c => c.Item2 is null))
        {
            return null;
        }

        var rows = Query(connection, $"SELECT * FROM \"{table}\"");
        var arrays = new IArrowArray[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var values = rows.Select(r => r[c]).ToList();
            IArrowArray? array = columns[c].Item2 switch
            {
                Int64Type when values.All(v => v is null or long) => Build(new Int64Array.Builder(), values, (b, v) => b.Append((long)v), b => b.AppendNull(), b => b.Build()),
                DoubleType when values.All(v => v is null or double) => Build(new DoubleArray.Builder(), values, (b, v) => b.Append((double)v), b => b.AppendNull(), b => b.Build()),
                StringType when values.All(v => v is null or string) => Build(new StringArray.Builder(), values, (b, v) => b.Append((string)v), b => b.AppendNull(), b => b.Build()),
                BinaryType when values.All(v => v is null or byte[]) => Build(new BinaryArray.Builder(), values, (b, v) => b.Append((byte[])v), b => b.AppendNull(), b => b.Build()),
                _ => null,
            };
            if (array is null)
            {
                return null;
            }

            arrays[c] = array;
        }

        var schema = new Schema(columns.Select(c => new Field(c.Item1, c.Item2!, true, Metadata(connection, table, c.Item1, keyColumns is [var key] && key == c.Item1))), null);
        return new TableSnapshot(table, schema, [new Segment(new RecordBatch(schema, arrays, rows.Count), null)]);
    }

    /// <summary>
    /// A declared NOCASE or RTRIM collation and the mark of a table's only primary-key column, on the field as
    /// registration stores them (ReplicatedTable.ToOlapSchema).
    /// </summary>
    private static Dictionary<string, string>? Metadata(SqliteConnection connection, string table, string column, bool uniqueKey)
    {
        SQLitePCL.raw.sqlite3_table_column_metadata(connection.Handle, "main", table, column, out _, out var collation, out _, out _, out _);
        var metadata = new Dictionary<string, string>();
        if (collation?.ToUpperInvariant() is "NOCASE" or "RTRIM")
        {
            metadata[Columnar.Types.ColumnDefinition.CollationMetadataKey] = collation.ToUpperInvariant();
        }

        if (uniqueKey)
        {
            metadata[Columnar.Types.ColumnDefinition.UniqueKeyMetadataKey] = "true";
        }

        return metadata.Count == 0 ? null : metadata;
    }

    private static IArrowType? ArrowTypeOf(string declared)
    {
        var type = declared.ToUpperInvariant();
        return type.Contains("INT", StringComparison.Ordinal) ? Int64Type.Default
            : type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal) ? StringType.Default
            : type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal) ? DoubleType.Default
            : type.Contains("BLOB", StringComparison.Ordinal) ? BinaryType.Default
            : null;
    }

    private static IArrowArray Build<TBuilder>(TBuilder builder, List<object?> values, Action<TBuilder, object> append, Action<TBuilder> appendNull, Func<TBuilder, IArrowArray> build)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                appendNull(builder);
            }
            else
            {
                append(builder, value);
            }
        }

        return build(builder);
    }

    private static List<object?[]> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }

        return rows;
    }
}
