namespace Yoda.Bench.Engines;

/// <summary>Creates the engines named on the command line.</summary>
public static class EngineFactory
{
    public static readonly string[] Known = ["yoda", "sqlite", "duckdb", "yoda-duckdb"];

#if YODA_ENGINE
    public const bool YodaAvailable = true;
#else
    public const bool YodaAvailable = false;
#endif

    /// <summary>Null when the engine is not part of this build (Yoda before HtapEngine exists).</summary>
    public static IBenchEngine? Create(string name, int threads) => name switch
    {
        "sqlite" => new SqliteEngine(),
        "duckdb" => new DuckDbEngine(threads),
#if YODA_ENGINE
        "yoda" => new YodaEngine(OlapBackend.Columnar, threads),
        "yoda-duckdb" => new YodaEngine(OlapBackend.DuckDb, threads),
#endif
        _ => null,
    };
}
