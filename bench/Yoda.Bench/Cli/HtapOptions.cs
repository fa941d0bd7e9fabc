namespace Yoda.Bench.Cli;

/// <summary>Options of '-- htap'.</summary>
public sealed record HtapOptions(
    int CaptureRows,
    int BatchRows,
    int ApplyRows,
    int InitialRows,
    IReadOnlyList<int> FreshnessRates,
    double FreshnessSeconds,
    int SyncIntervalMs,
    int StorageRows,
    int StorageCycleRows,
    int CompactionRows,
    string ApplyCompaction,
    string? OutputPath,
    string Name,
    bool Save,
    IReadOnlySet<string> Groups)
{
    public static readonly IReadOnlyList<string> AllGroups = ["capture", "apply", "compaction", "initial", "freshness", "storage"];

    public static readonly IReadOnlyList<string> CompactionSettings = ["background", "in-cycle", "off"];

    public bool Runs(string group) => Groups.Contains(group);

    public const string Usage = """
        htap [--capture-rows N] [--batch-rows N] [--apply-rows N] [--initial-rows N]
             [--rates 1000,10000] [--freshness-seconds S] [--sync-interval-ms MS]
             [--storage-rows N] [--storage-cycle-rows N] [--compaction-rows N] [--apply-compaction background|in-cycle|off]
             [--only capture,apply,compaction,initial,freshness,storage] [--name NAME] [--out FILE.md] [--no-save]
          --capture-rows  single-row ExecuteAsync inserts per capture measurement (default 10000)
          --batch-rows    rows of one ExecuteBatchAsync (default 100000)
          --apply-rows    CDC events per apply measurement (default 100000)
          --initial-rows  rows for the initial-sync figure (default 200000; the issue's figure is 10000000)
          --rates         steady write rates of the freshness probe, writes/s (default 1000,10000)
          --storage-rows  rows synced into durable storage (Arrow IPC, Parquet) per storage figure (default 20000)
          --storage-cycle-rows  rows inserted per sync cycle there, plus a tenth as many updates (default 100)
          --compaction-rows  rows loaded, then 60% updated and 20% deleted, per compaction figure (default 327680: five segments)
          --apply-compaction  compaction during the apply figures: the default (background), in the cycles
                          (HtapConfig.CompactionInBackground = false) or off (CompactionThreshold = 0)
          --only          figure groups to measure (default: all)
        """;

    public static HtapOptions Parse(IReadOnlyList<string> args)
    {
        var reader = new ArgReader(args, new HashSet<string> { "no-save" });
        var rates = (reader.String("rates") ?? "1000,10000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var options = new HtapOptions(
            reader.Int("capture-rows", 10_000),
            reader.Int("batch-rows", 100_000),
            reader.Int("apply-rows", 100_000),
            reader.Int("initial-rows", 200_000),
            rates,
            reader.Double("freshness-seconds", 5),
            reader.Int("sync-interval-ms", 50),
            reader.Int("storage-rows", 20_000),
            reader.Int("storage-cycle-rows", 100),
            reader.Int("compaction-rows", 5 * 65_536),
            reader.String("apply-compaction") ?? "background",
            reader.String("out"),
            reader.String("name") ?? "htap",
            !reader.Flag("no-save"),
            (reader.String("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [.. AllGroups])
                .ToHashSet(StringComparer.OrdinalIgnoreCase));
        reader.EnsureAllUsed();
        if (options.CaptureRows < 1 || options.BatchRows < 1 || options.ApplyRows < 1 || options.InitialRows < 1 || rates.Any(r => r < 1)
            || options.StorageRows < 1 || options.StorageCycleRows < 1 || options.CompactionRows < 1
            || !CompactionSettings.Contains(options.ApplyCompaction)
            || options.Groups.Count == 0 || options.Groups.Any(g => !AllGroups.Contains(g, StringComparer.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"row counts and rates must be >= 1; --only takes {string.Join(",", AllGroups)}; --apply-compaction takes {string.Join("|", CompactionSettings)}");
        }

        return options;
    }
}
