namespace Yoda;

/// <summary>
/// Engine configuration. Each property validates its own value when set; rules that involve
/// several properties are checked when the engine opens, before any file is touched.
/// </summary>
public sealed class HtapConfig
{
    private readonly string _oltpPath = "yoda.db";
    private readonly int _syncBatchSize = 1000;
    private readonly int _readPoolSize = 4;
    private readonly SyncMode _syncMode = SyncMode.Destructive;
    private readonly OlapBackend _olapBackend = DefaultOlapBackend;
    private readonly StorageMode _storageMode = StorageMode.InMemory;
    private readonly string? _storagePath;
    private readonly TimeSpan? _syncInterval;
    private readonly string? _sidecarSource;
    private readonly int _sidecarPollBatchSize = 500;
    private readonly DeleteDetection _sidecarDeleteDetection = DeleteDetection.Disabled;
    private readonly long? _queryMemoryLimitBytes;
    private readonly int _olapParallelism = Environment.ProcessorCount;
    private readonly int _olapSegmentCapacity = Columnar.Storage.ColumnarTable.DefaultSegmentCapacity;
    private readonly double _compactionThreshold = 0.5;
    private readonly int _compactionSegmentsPerCycle = 4;

    /// <summary>SQLite file for OLTP writes; <c>":memory:"</c> gives a private in-memory database.</summary>
    public string OltpPath
    {
        get => _oltpPath;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(OltpPath));
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException("OltpPath must be a file path or \":memory:\"", nameof(OltpPath));
            }

            _oltpPath = value;
        }
    }

    /// <summary>Delete CDC log entries after each successful sync cycle.</summary>
    public bool PruneAfterSync { get; init; } = true;

    /// <summary>Most CDC events applied per <c>SyncNowAsync</c> call (&gt; 0).</summary>
    public int SyncBatchSize
    {
        get => _syncBatchSize;
        init => _syncBatchSize = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SyncBatchSize), value, "SyncBatchSize must be greater than 0");
    }

    /// <summary>Concurrent OLTP read connections, round-robin (&gt;= 1).</summary>
    public int ReadPoolSize
    {
        get => _readPoolSize;
        init => _readPoolSize = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ReadPoolSize), value, "ReadPoolSize must be at least 1");
    }

    public SyncMode SyncMode
    {
        get => _syncMode;
        init => _syncMode = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SyncMode), value, "SyncMode must be Destructive or Temporal");
    }

    /// <summary>
    /// The backend of a configuration that does not set <see cref="OlapBackend"/>. Internal: the
    /// DuckDB test project sets it to run the public-API suite against DuckDB.
    /// </summary>
    internal static OlapBackend DefaultOlapBackend { get; set; } = OlapBackend.Columnar;

    public OlapBackend OlapBackend
    {
        get => _olapBackend;
        init => _olapBackend = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(OlapBackend), value, "OlapBackend must be Columnar or DuckDb");
    }

    public StorageMode StorageMode
    {
        get => _storageMode;
        init => _storageMode = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(StorageMode), value, "StorageMode must be InMemory, ArrowIpc or Parquet");
    }

    /// <summary>Directory for file-backed OLAP storage; the DuckDB file path with <see cref="OlapBackend.DuckDb"/>.</summary>
    public string? StoragePath
    {
        get => _storagePath;
        init => _storagePath = value is null || !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ArgumentException("StoragePath must be null or a non-empty path", nameof(StoragePath));
    }

    /// <summary>When set, a background loop syncs on this period; null syncs only on <c>SyncNowAsync</c>.</summary>
    public TimeSpan? SyncInterval
    {
        get => _syncInterval;
        init => _syncInterval = value is null || value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SyncInterval), value, "SyncInterval must be positive or null");
    }

    /// <summary>Connection string or path of an external database to follow; setting it turns sidecar mode on.</summary>
    public string? SidecarSource
    {
        get => _sidecarSource;
        init => _sidecarSource = value is null || !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ArgumentException("SidecarSource must be null or non-empty", nameof(SidecarSource));
    }

    /// <summary>Required when <see cref="SidecarSource"/> is set.</summary>
    public IReadOnlyList<TimestampTableConfig>? SidecarTables { get; init; }

    /// <summary>Rows fetched from the sidecar source per poll (&gt; 0).</summary>
    public int SidecarPollBatchSize
    {
        get => _sidecarPollBatchSize;
        init => _sidecarPollBatchSize = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SidecarPollBatchSize), value, "SidecarPollBatchSize must be greater than 0");
    }

    public DeleteDetection SidecarDeleteDetection
    {
        get => _sidecarDeleteDetection;
        init => _sidecarDeleteDetection = value ?? throw new ArgumentNullException(nameof(SidecarDeleteDetection));
    }

    /// <summary>Also open the local OLTP SQLite file in sidecar mode.</summary>
    public bool SidecarEnableOltp { get; init; }

    /// <summary>
    /// Columnar OLAP only: use the planner's optimisations (scan filter pushdown and zone-map
    /// pruning, top-N for <c>ORDER BY … LIMIT</c>, group tables specialised by key shape). False
    /// runs the plain reference plan, which gives the same answers (for plan-independence tests).
    /// </summary>
    public bool OlapOptimizations { get; init; } = true;

    /// <summary>
    /// Columnar OLAP only: the most bytes one query may hold in hash tables, sort buffers and join
    /// build sides (&gt; 0); a query that needs more fails with a <see cref="YodaException"/>.
    /// Null (the default): no limit.
    /// </summary>
    public long? QueryMemoryLimitBytes
    {
        get => _queryMemoryLimitBytes;
        init => _queryMemoryLimitBytes = value is null || value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(QueryMemoryLimitBytes), value, "QueryMemoryLimitBytes must be greater than 0 or null");
    }

    /// <summary>
    /// Columnar OLAP only: most threads one query runs on (&gt;= 1; 1 runs serially). Scans,
    /// filters, join probes and the aggregates whose partial states merge exactly split by table
    /// segment; answers do not depend on it. Defaults to <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public int OlapParallelism
    {
        get => _olapParallelism;
        init => _olapParallelism = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(OlapParallelism), value, "OlapParallelism must be at least 1");
    }

    /// <summary>
    /// Rows per OLAP segment (sealed segments become one file each in the file storage modes).
    /// Internal: tests and the crash harness make it small to exercise sealing.
    /// </summary>
    internal int OlapSegmentCapacity
    {
        get => _olapSegmentCapacity;
        init => _olapSegmentCapacity = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(OlapSegmentCapacity), value, "OlapSegmentCapacity must be at least 1");
    }

    /// <summary>
    /// Columnar OLAP only: after each sync cycle, a sealed segment whose deleted share of rows
    /// (deleted and updated rows, closed-over open versions) is at least this is compacted: rewritten
    /// with only its live rows, giving the memory (and, in the file storage modes, the disk space)
    /// of the others back. Between 0 and 1; 0 turns compaction after cycles off
    /// (<see cref="HtapEngine.CompactAsync"/> still compacts). Defaults to 0.5.
    /// </summary>
    public double CompactionThreshold
    {
        get => _compactionThreshold;
        init => _compactionThreshold = value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CompactionThreshold), value, "CompactionThreshold must be between 0 (off) and 1");
    }

    /// <summary>
    /// Columnar OLAP only: the most segments compacted in one round, across all tables (&gt;= 1), so
    /// that the pause to publish a background round (or, with <see cref="CompactionInBackground"/>
    /// off, the latency of the cycle that compacts) stays bounded; the rest wait for the next
    /// rounds. Defaults to 4.
    /// </summary>
    public int CompactionSegmentsPerCycle
    {
        get => _compactionSegmentsPerCycle;
        init => _compactionSegmentsPerCycle = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CompactionSegmentsPerCycle), value, "CompactionSegmentsPerCycle must be at least 1");
    }

    /// <summary>
    /// Columnar OLAP only: whether compaction after sync cycles copies the live rows on a
    /// background thread while cycles and queries go on (true, the default), taking the sync gate
    /// only to publish; or inside the cycle that finds the segments (false), which adds the
    /// copying to that cycle's latency but compacts at a known point. Either way a compaction
    /// publishes all at once or not at all; background copies of segments a cycle changed
    /// meanwhile are dropped and the next cycle compacts itself.
    /// </summary>
    public bool CompactionInBackground { get; init; } = true;

    /// <summary>Checks the rules that involve several properties, and what this build supports.</summary>
    internal void Validate()
    {
        if (StorageMode != StorageMode.InMemory && StoragePath is null)
        {
            throw new ArgumentException($"StorageMode.{StorageMode} needs a StoragePath", nameof(StoragePath));
        }

        if (StorageMode != StorageMode.InMemory && OltpPath == ":memory:")
        {
            throw new ArgumentException(
                $"StorageMode.{StorageMode} needs a SQLite file (OltpPath): durable OLAP tables continue from the CDC log, which a \":memory:\" database loses",
                nameof(OltpPath));
        }

        if (SidecarSource is not null && (SidecarTables is null || SidecarTables.Count == 0))
        {
            throw new ArgumentException("SidecarTables is required when SidecarSource is set", nameof(SidecarTables));
        }

        if (OlapBackend == OlapBackend.DuckDb && StorageMode != StorageMode.InMemory)
        {
            throw new ArgumentException(
                $"StorageMode.{StorageMode} is the columnar backend's file storage: with OlapBackend.DuckDb leave StorageMode.InMemory and set StoragePath to the DuckDB file",
                nameof(StorageMode));
        }

        if (OlapBackend == OlapBackend.DuckDb && StoragePath is not null && Directory.Exists(StoragePath))
        {
            throw new ArgumentException($"with OlapBackend.DuckDb, StoragePath names the DuckDB database file, not a directory: {StoragePath}", nameof(StoragePath));
        }

        if (OlapBackend == OlapBackend.DuckDb && StoragePath is not null && OltpPath == ":memory:")
        {
            throw new ArgumentException(
                "a DuckDB file (StoragePath) needs a SQLite file (OltpPath): the DuckDB tables continue from the CDC log, which a \":memory:\" database loses",
                nameof(OltpPath));
        }

        if (SidecarSource is not null)
        {
            throw new YodaException("sidecar mode (SidecarSource) is not supported yet");
        }
    }
}
