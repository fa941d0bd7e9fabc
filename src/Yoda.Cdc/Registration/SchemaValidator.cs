using Microsoft.Data.Sqlite;
using Yoda.Cdc.Sql;
using Yoda.Columnar.Types;

namespace Yoda.Cdc.Registration;

/// <summary>
/// Checks a registration request against the real SQLite table and turns it into a
/// <see cref="ReplicatedTable"/> that uses SQLite's own spelling of every name.
/// </summary>
public static class SchemaValidator
{
    private static readonly string[] RowidAliases = ["rowid", "_rowid_", "oid"];
    private static readonly string[] TemporalColumns =
        [ReplicatedTable.ValidFromColumn, ReplicatedTable.ValidToColumn, ReplicatedTable.OperationColumn];

    public static ReplicatedTable Validate(
        SqliteConnection connection,
        string table,
        IReadOnlyList<ColumnDefinition> columns,
        IReadOnlyList<string> primaryKey,
        bool temporal)
    {
        if (table.StartsWith(MetadataSchema.ReservedPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new YodaException($"table names starting with {MetadataSchema.ReservedPrefix} are reserved for Yoda: {table}");
        }

        var (canonicalName, withoutRowid) = FindTable(connection, table);
        var sqliteColumns = ReadColumns(connection, canonicalName);

        if (temporal)
        {
            var clash = columns.Select(c => c.Name).Concat(sqliteColumns.Select(c => c.Name))
                .FirstOrDefault(n => TemporalColumns.Contains(n, StringComparer.OrdinalIgnoreCase));
            if (clash is not null)
            {
                throw new YodaException($"table {table} has a column named {clash}, which temporal sync mode reserves for its history");
            }
        }

        var canonicalColumns = new List<ColumnDefinition>();
        foreach (var column in columns)
        {
            var match = sqliteColumns.FirstOrDefault(c => string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw new YodaException($"table {table} has no column named {column.Name}");
            var affinity = SqliteAffinity.Of(match.DeclaredType);
            if (!SqliteAffinity.IsCompatible(affinity, column.Type))
            {
                throw new YodaException(
                    $"table {table} column {match.Name}: SQLite type '{match.DeclaredType}' ({affinity.ToString().ToUpperInvariant()} affinity) "
                    + $"cannot feed a {ColumnTypes.CanonicalName(column.Type)} column");
            }

            canonicalColumns.Add(column with { Name = match.Name, Collation = DeclaredCollation(connection, canonicalName, match.Name) });
        }

        var sqliteKey = sqliteColumns.Where(c => c.KeyOrdinal > 0).OrderBy(c => c.KeyOrdinal).Select(c => c.Name).ToList();
        string? rowidAlias = null;
        var canonicalKey = new List<string>();
        if (primaryKey.Count == 0)
        {
            if (withoutRowid)
            {
                throw new YodaException($"table {table} is a WITHOUT ROWID table; register it with its primary key ({string.Join(", ", sqliteKey)})");
            }

            rowidAlias = RowidAliases.FirstOrDefault(alias => !sqliteColumns.Any(c => string.Equals(c.Name, alias, StringComparison.OrdinalIgnoreCase)))
                ?? throw new YodaException($"table {table} has columns named rowid, _rowid_ and oid, so its rowid cannot be read; register it with a primary key");
        }
        else
        {
            canonicalKey.AddRange(primaryKey.Select(k => canonicalColumns.First(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase)).Name));
            if (!canonicalKey.SequenceEqual(sqliteKey, StringComparer.OrdinalIgnoreCase))
            {
                var actual = sqliteKey.Count == 0 ? "none" : "(" + string.Join(", ", sqliteKey) + ")";
                throw new YodaException(
                    $"table {table}: registered primary key ({string.Join(", ", canonicalKey)}) does not match SQLite's primary key {actual}");
            }
        }

        return ReplicatedTable.Create(canonicalName, canonicalColumns, canonicalKey, rowidAlias);
    }

    /// <summary>Whether the main database has a table of this name (ASCII case-insensitive).</summary>
    public static bool Exists(SqliteConnection connection, string table) =>
        connection.Scalar(
            "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name = $name COLLATE NOCASE",
            ("$name", table)) is long n && n > 0;

    private static (string Name, bool WithoutRowid) FindTable(SqliteConnection connection, string table)
    {
        using var command = connection.Create(
            "SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main' AND name = $name COLLATE NOCASE",
            ("$name", table));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new YodaException($"no such table: {table}");
        }

        if (reader.GetString(1) != "table")
        {
            throw new YodaException($"{table} is a {reader.GetString(1)}, not a table; only tables can be registered");
        }

        return (reader.GetString(0), reader.GetInt64(2) != 0);
    }

    private static List<SqliteColumn> ReadColumns(SqliteConnection connection, string table)
    {
        var columns = new List<SqliteColumn>();
        using var command = connection.Create("SELECT name, type, pk FROM pragma_table_info($name)", ("$name", table));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(new SqliteColumn(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return columns;
    }

    /// <summary>
    /// The collating sequence SQLite declares for a column (null for BINARY), so that the OLAP side
    /// compares it as SQLite does; a sequence the OLAP engine does not know is refused rather than
    /// compared BINARY.
    /// </summary>
    internal static string? DeclaredCollation(SqliteConnection connection, string table, string column)
    {
        var rc = SQLitePCL.raw.sqlite3_table_column_metadata(
            connection.Handle, "main", table, column, out _, out var collation, out _, out _, out _);
        if (rc != SQLitePCL.raw.SQLITE_OK)
        {
            throw new YodaException($"table {table} column {column}: SQLite cannot report its collation ({SQLitePCL.raw.sqlite3_errmsg(connection.Handle).utf8_to_string()})");
        }

        var name = (collation ?? "BINARY").ToUpperInvariant();
        return name switch
        {
            "BINARY" => null,
            "NOCASE" or "RTRIM" => name,
            _ => throw new YodaException(
                $"table {table} column {column}: collation {collation} is not supported yet (the OLAP engine knows BINARY, NOCASE and RTRIM)"),
        };
    }

    private sealed record SqliteColumn(string Name, string DeclaredType, int KeyOrdinal);
}
