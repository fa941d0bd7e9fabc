using System.Diagnostics;

namespace Yoda.Cli.Commands;

/// <summary>The quick start and the sales report, end to end on an in-memory database.</summary>
internal static class DemoCommand
{
    public static async Task<int> RunAsync(TextWriter output)
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });

        output.WriteLine("== Quick start: users ==");
        await engine.ExecuteAsync("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER)");
        await engine.RegisterTableAsync(new TableSchema("users", [("id", "int64"), ("name", "utf8"), ("age", "int32")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO users (id, name, age) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)",
            [1, "Alice", 30, 2, "Bob", 25, 3, "Carol", 35]);
        output.WriteLine(await engine.SyncNowAsync());
        await QueryAsync(engine, output, "SELECT AVG(age) AS avg_age FROM users");

        output.WriteLine();
        output.WriteLine("== Sales report ==");
        await engine.ExecuteAsync("CREATE TABLE sales (id INTEGER PRIMARY KEY, region TEXT NOT NULL, product TEXT NOT NULL, amount REAL NOT NULL)");
        await engine.RegisterTableAsync(new TableSchema("sales",
            [("id", "int64"), ("region", "utf8"), ("product", "utf8"), ("amount", "float64")], ["id"]));
        var regions = new[] { "north", "south", "east", "west" };
        var products = new[] { "widget", "gadget", "gizmo" };
        var statements = new List<string>();
        for (var i = 1; i <= 1000; i++)
        {
            var amount = ((i * 37) % 500) + (i % 7 * 0.25);
            statements.Add($"INSERT INTO sales VALUES ({i}, '{regions[i % 4]}', '{products[i % 3]}', {amount.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }

        await engine.ExecuteBatchAsync(statements);
        SyncResult result;
        do
        {
            result = await engine.SyncNowAsync();
            output.WriteLine(result);
        }
        while (result.EventsProcessed > 0);

        await QueryAsync(engine, output,
            "SELECT region, SUM(amount) AS total, COUNT(*) AS orders FROM sales GROUP BY region ORDER BY total DESC");
        return 0;
    }

    private static async Task QueryAsync(HtapEngine engine, TextWriter output, string sql)
    {
        output.WriteLine(sql);
        var watch = Stopwatch.StartNew();
        var batches = await engine.QueryAsync(sql);
        TablePrinter.Print(output, batches, watch.Elapsed);
    }
}
