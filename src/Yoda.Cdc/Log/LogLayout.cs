using Microsoft.Data.Sqlite;
using Yoda.Cdc.Sql;

namespace Yoda.Cdc.Log;

/// <summary>
/// The value columns of the CDC log: <c>k0 … kN</c> hold the key before an update or delete,
/// <c>v0 … vM</c> the row image. They have no declared type, so SQLite stores each value exactly
/// as the table held it (integers, reals bit for bit including -0.0, text with NULs, blobs). The
/// log grows new columns when a registered table needs more.
/// </summary>
public static class LogLayout
{
    public static IEnumerable<string> KeyColumns(int count) => Enumerable.Range(0, count).Select(i => $"k{i}");

    public static IEnumerable<string> RowColumns(int count) => Enumerable.Range(0, count).Select(i => $"v{i}");

    /// <summary>How many key and row columns the log has now.</summary>
    public static (int Keys, int Values) Width(SqliteConnection connection)
    {
        int keys = 0, values = 0;
        using var command = connection.Create($"SELECT name FROM pragma_table_info('{MetadataSchema.LogTable}')");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (name.Length > 1 && int.TryParse(name.AsSpan(1), out var index))
            {
                if (name[0] == 'k')
                {
                    keys = Math.Max(keys, index + 1);
                }
                else if (name[0] == 'v')
                {
                    values = Math.Max(values, index + 1);
                }
            }
        }

        return (keys, values);
    }

    /// <summary>Adds log columns until there are at least <paramref name="keys"/> key and <paramref name="values"/> row columns.</summary>
    public static void EnsureWidth(SqliteConnection connection, int keys, int values)
    {
        var (haveKeys, haveValues) = Width(connection);
        for (var i = haveKeys; i < keys; i++)
        {
            connection.Execute($"ALTER TABLE {MetadataSchema.LogTable} ADD COLUMN k{i}");
        }

        for (var i = haveValues; i < values; i++)
        {
            connection.Execute($"ALTER TABLE {MetadataSchema.LogTable} ADD COLUMN v{i}");
        }
    }
}
