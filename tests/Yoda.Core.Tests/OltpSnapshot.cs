using System.Globalization;

namespace Yoda.Core.Tests;

/// <summary>Exact views of what a write left in SQLite, for differential tests of the write path.</summary>
internal static class OltpSnapshot
{
    /// <summary>
    /// An in-memory engine with table u (no affinity rules beyond SQLite's) and the registered table
    /// c, for comparing batches bound as parameters (<paramref name="parameterize"/>) with literal ones.
    /// </summary>
    public static async Task<HtapEngine> OpenTablesAsync(bool parameterize)
    {
        var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncBatchSize = 100_000 });
        engine.Oltp.ParameterizesBatches = parameterize;
        await engine.ExecuteAsync("CREATE TABLE u(id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, n NUMERIC, a)");
        await engine.ExecuteAsync("CREATE TABLE c(id INTEGER PRIMARY KEY, i INTEGER, f REAL, s TEXT, b BLOB)");
        await engine.RegisterTableAsync(new TableSchema("c", [("id", "int64"), ("i", "int64"), ("f", "float64"), ("s", "utf8"), ("b", "binary")], ["id"]));
        return engine;
    }

    /// <summary>A row's values with their storage classes (<see cref="Describe(object?)"/>), joined by '|'.</summary>
    public static string DescribeRow(object?[] row) => string.Join("|", row.Select(Describe));

    /// <summary>The message of the <see cref="YodaException"/> the task fails with, or null when it succeeds.</summary>
    public static async Task<string?> ErrorOfAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (YodaException e)
        {
            return e.Message;
        }
    }

    /// <summary>Every row in rowid order, each value with its storage class and exact bits; the log's clock column left out.</summary>
    public static Task<List<string>> DumpAsync(HtapEngine engine, string table) =>
        engine.Oltp.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY rowid";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount)
                    .Where(i => reader.GetName(i) != "ts")
                    .Select(i => Describe(reader.GetValue(i)))));
            }

            return rows;
        }, CancellationToken.None);

    /// <summary>A value with its storage class: REALs by their exact bits, blobs in hex.</summary>
    public static string Describe(object? value) => value switch
    {
        null or DBNull => "null",
        long l => "i:" + l.ToString(CultureInfo.InvariantCulture),
        double d => "r:" + BitConverter.DoubleToInt64Bits(d).ToString("X16", CultureInfo.InvariantCulture),
        string s => "t:" + s,
        byte[] b => "b:" + Convert.ToHexString(b),
        _ => value.GetType().Name + ":" + Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
