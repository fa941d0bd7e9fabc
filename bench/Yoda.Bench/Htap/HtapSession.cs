#if YODA_ENGINE
namespace Yoda.Bench.Htap;

/// <summary>
/// A Yoda engine on a fresh file in a temporary folder, with the small event table every HTAP
/// figure writes: ev(id INTEGER PRIMARY KEY, grp INTEGER, val REAL, name TEXT).
/// </summary>
public sealed class HtapSession : IAsyncDisposable
{
    public const string CreateTable = "CREATE TABLE {0} (id INTEGER PRIMARY KEY, grp INTEGER, val REAL, name TEXT)";

    private readonly string _folder;

    private HtapSession(string folder, HtapEngine engine)
    {
        _folder = folder;
        Engine = engine;
    }

    public HtapEngine Engine { get; }

    public static async Task<HtapSession> OpenAsync(Func<string, HtapConfig> config, CancellationToken ct)
    {
        string folder = Path.Combine(Path.GetTempPath(), "yoda-bench-htap-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var engine = await HtapEngine.OpenAsync(config(Path.Combine(folder, "htap.db")), ct);
            return new HtapSession(folder, engine);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public static TableSchema Schema(string table) =>
        new(table, [("id", "int64"), ("grp", "int64"), ("val", "float64"), ("name", "utf8")], ["id"]);

    public static IReadOnlyList<object?> Row(long id) => [id, id % 1000, id * 0.5, "name-" + (id % 997)];

    /// <summary>INSERT statements of <paramref name="perStatement"/> literal rows each, ids from..to-1.</summary>
    public static IEnumerable<string> Inserts(string table, long from, long to, int perStatement)
    {
        var sb = new System.Text.StringBuilder();
        for (long start = from; start < to; start += perStatement)
        {
            sb.Clear().Append("INSERT INTO ").Append(table).Append(" (id, grp, val, name) VALUES ");
            for (long id = start; id < Math.Min(to, start + perStatement); id++)
            {
                sb.Append(id == start ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"({id}, {id % 1000}, {(id * 0.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, 'name-{id % 997}')");
            }

            yield return sb.ToString();
        }
    }

    public async Task CreateAsync(string table, bool register, CancellationToken ct)
    {
        await Engine.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, CreateTable, table), null, ct);
        if (register)
        {
            await Engine.RegisterTableAsync(Schema(table), ct);
        }
    }

    /// <summary>Syncs until the CDC lag is 0; returns the events applied.</summary>
    public async Task<long> DrainAsync(CancellationToken ct)
    {
        long events = 0;
        while ((await Engine.SyncStatusAsync(ct)).Lag > 0)
        {
            var result = await Engine.SyncNowAsync(ct);
            events += result.EventsProcessed;
            if (result.EventsProcessed == 0)
            {
                break;
            }
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Harmless leftover in the temp folder.
        }
    }
}
#endif
