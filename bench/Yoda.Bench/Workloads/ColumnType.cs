namespace Yoda.Bench.Workloads;

/// <summary>The three storage classes every engine of the comparison shares.</summary>
public enum ColumnType
{
    /// <summary>64-bit integer: SQLite INTEGER, DuckDB BIGINT, Yoda int64.</summary>
    Int64,

    /// <summary>IEEE double: SQLite REAL, DuckDB DOUBLE, Yoda float64.</summary>
    Double,

    /// <summary>UTF-8 text: SQLite TEXT, DuckDB VARCHAR, Yoda utf8. Dates are ISO text.</summary>
    Text,
}
