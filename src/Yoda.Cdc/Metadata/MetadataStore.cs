using System.Text.Json;
using Microsoft.Data.Sqlite;
using Yoda.Cdc.Registration;
using Yoda.Cdc.Sql;
using Yoda.Columnar.Types;

namespace Yoda.Cdc;

/// <summary>Reads and writes Yoda's registrations and sync state in the SQLite file.</summary>
public static class MetadataStore
{
    private const string BinaryCollation = "BINARY";

    /// <summary>
    /// Creates Yoda's tables if needed and migrates a file of format 1; a file written in another
    /// layout is refused before anything changes. Runs in the caller's write transaction.
    /// </summary>
    public static void EnsureCreated(SqliteConnection connection)
    {
        foreach (var statement in MetadataSchema.CreateStatements)
        {
            connection.Execute(statement);
        }

        var format = connection.Scalar(
            $"SELECT value FROM {MetadataSchema.StateTable} WHERE key = $key", ("$key", MetadataSchema.FormatKey));
        if (format is null)
        {
            connection.Execute(
                $"INSERT INTO {MetadataSchema.StateTable}(key, value) VALUES ($key, $value)",
                ("$key", MetadataSchema.FormatKey), ("$value", MetadataSchema.FormatVersion));
        }
        else if (format is 1L)
        {
            LogFormatMigration.FromFormat1(connection);
            connection.Execute(
                $"UPDATE {MetadataSchema.StateTable} SET value = $value WHERE key = $key",
                ("$key", MetadataSchema.FormatKey), ("$value", MetadataSchema.FormatVersion));
        }
        else if (format is not long version || version != MetadataSchema.FormatVersion)
        {
            throw new YodaException(
                $"this SQLite file holds Yoda metadata in format {format}, but this build reads format {MetadataSchema.FormatVersion}");
        }
    }

    public static IReadOnlyList<ReplicatedTable> LoadTables(SqliteConnection connection)
    {
        var tables = new List<ReplicatedTable>();
        using var command = connection.Create($"SELECT name, definition FROM {MetadataSchema.TablesTable} ORDER BY name");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tables.Add(Deserialize(connection, reader.GetString(0), reader.GetString(1)));
        }

        return tables;
    }

    public static void SaveTable(SqliteConnection connection, ReplicatedTable table) =>
        connection.Execute(
            $"INSERT INTO {MetadataSchema.TablesTable}(name, definition) VALUES ($name, $definition) "
            + "ON CONFLICT(name) DO UPDATE SET definition = excluded.definition",
            ("$name", table.Name), ("$definition", Serialize(table)));

    public static void DeleteTable(SqliteConnection connection, string name) =>
        connection.Execute($"DELETE FROM {MetadataSchema.TablesTable} WHERE name = $name", ("$name", name));

    public static long? LoadWatermark(SqliteConnection connection) =>
        connection.Scalar($"SELECT value FROM {MetadataSchema.StateTable} WHERE key = $key", ("$key", MetadataSchema.WatermarkKey)) is long value
            ? value
            : null;

    public static void SaveWatermark(SqliteConnection connection, long watermark) =>
        connection.Execute(
            $"INSERT INTO {MetadataSchema.StateTable}(key, value) VALUES ($key, $value) "
            + "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            ("$key", MetadataSchema.WatermarkKey), ("$value", watermark));

    private static string Serialize(ReplicatedTable table) => JsonSerializer.Serialize(new StoredTable(
        table.Columns.Select(c => new StoredColumn(c.Name, ColumnTypes.CanonicalName(c.Type), c.IsNullable, c.Collation ?? BinaryCollation)).ToList(),
        table.PrimaryKey.ToList(),
        table.RowidAlias,
        table.SchemaVersion,
        table.ColumnsByVersion.ToDictionary(kv => kv.Key, kv => kv.Value.ToList())));

    private static ReplicatedTable Deserialize(SqliteConnection connection, string name, string json)
    {
        var stored = JsonSerializer.Deserialize<StoredTable>(json)
            ?? throw new YodaException($"corrupt registration of table {name} in {MetadataSchema.TablesTable}");
        var columns = stored.Columns.Select(c => new ColumnDefinition(
            c.Name,
            ColumnTypes.TryParse(c.Type, out var type) ? type : throw new YodaException($"corrupt registration of table {name}: unknown type {c.Type}"),
            c.Nullable)
        {
            Collation = c.Collation switch
            {
                // A registration written before collations were recorded: SQLite's declaration.
                null => SchemaValidator.DeclaredCollation(connection, name, c.Name),
                BinaryCollation => null,
                var declared => declared,
            },
        }).ToList();
        return new ReplicatedTable(name, columns, stored.PrimaryKey, stored.RowidAlias, stored.Version,
            stored.Versions.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value));
    }

    private sealed record StoredColumn(string Name, string Type, bool Nullable, string? Collation = null);

    private sealed record StoredTable(
        List<StoredColumn> Columns,
        List<string> PrimaryKey,
        string? RowidAlias,
        int Version,
        Dictionary<int, List<string>> Versions);
}
