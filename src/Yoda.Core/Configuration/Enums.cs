namespace Yoda;

/// <summary>How CDC events are merged into OLAP tables.</summary>
public enum SyncMode
{
    /// <summary>Mirror: UPDATE overwrites, DELETE removes.</summary>
    Destructive,

    /// <summary>SCD Type 2: append-only history with validity intervals.</summary>
    Temporal,
}

/// <summary>The analytical engine behind the OLAP side.</summary>
public enum OlapBackend
{
    /// <summary>Yoda's own columnar engine.</summary>
    Columnar,

    /// <summary>DuckDB through DuckDB.NET.</summary>
    DuckDb,
}

/// <summary>Where OLAP tables live.</summary>
public enum StorageMode
{
    InMemory,
    ArrowIpc,
    Parquet,
}
