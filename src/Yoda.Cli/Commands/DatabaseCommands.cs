using System.Diagnostics;
namespace Yoda.Cli.Commands;

/// <summary>The commands that work on a database file: exec, query, sync, status, register.</summary>
internal static class DatabaseCommands
{
    public static async Task<int> ExecAsync(string db, string sql, TextWriter output)
    {
        await using var engine = await HtapEngine.OpenAsync(db);
        var watch = Stopwatch.StartNew();
        if (HtapEngine.Route(sql).IsQuery)
        {
            TablePrinter.Print(output, await engine.QueryAsync(sql), watch.Elapsed);
            return 0;
        }

        var affected = await engine.ExecuteAsync(sql);
        output.WriteLine($"{Math.Max(affected, 0)} row(s) affected [{TablePrinter.Format(watch.Elapsed)}]");
        return 0;
    }

    public static async Task<int> QueryAsync(string db, string sql, TextWriter output)
    {
        await using var engine = await HtapEngine.OpenAsync(ExistingDatabase(db));
        var watch = Stopwatch.StartNew();
        TablePrinter.Print(output, await engine.QueryOlapAsync(sql), watch.Elapsed);
        return 0;
    }

    public static async Task<int> SyncAsync(string db, TextWriter output)
    {
        await using var engine = await HtapEngine.OpenAsync(ExistingDatabase(db));
        SyncResult result;
        do
        {
            result = await engine.SyncNowAsync();
            output.WriteLine(result);
        }
        while (result.EventsProcessed > 0);

        output.WriteLine(await engine.SyncStatusAsync());
        return 0;
    }

    public static async Task<int> StatusAsync(string db, TextWriter output)
    {
        await using var engine = await HtapEngine.OpenAsync(ExistingDatabase(db));
        var status = await engine.SyncStatusAsync();
        output.WriteLine($"lag: {status.Lag} event(s)");
        output.WriteLine($"last synced sequence: {status.LastSyncedSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        var tables = await engine.QueryAsync("SELECT name FROM _yoda_tables ORDER BY name");
        output.WriteLine("registered tables: " + string.Join(", ", tables.SelectMany(b =>
            Enumerable.Range(0, b.Length).Select(r => ((Apache.Arrow.StringArray)b.Column(0)).GetString(r)))));
        return 0;
    }

    public static async Task<int> RegisterAsync(string db, string table, string columns, string? primaryKey, bool initialSync, TextWriter output)
    {
        var columnList = columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(spec =>
            {
                var colon = spec.LastIndexOf(':');
                if (colon <= 0 || colon == spec.Length - 1)
                {
                    throw new ArgumentException($"column spec '{spec}' must look like name:type");
                }

                return (spec[..colon], spec[(colon + 1)..]);
            })
            .ToList();
        var key = (primaryKey ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        await using var engine = await HtapEngine.OpenAsync(ExistingDatabase(db));
        await engine.RegisterTableAsync(new TableSchema(table, columnList, key));
        output.WriteLine($"registered {table}");
        if (initialSync)
        {
            output.WriteLine($"loaded {await engine.InitialSyncAsync(table)} row(s)");
        }

        return 0;
    }

    private static string ExistingDatabase(string db) =>
        db == ":memory:" || File.Exists(db) ? db : throw new UsageException($"database file not found: {db}");
}
