using Apache.Arrow.Types;

namespace Yoda.DuckDb;

/// <summary>The DuckDB column type that holds each registered Arrow type, and the Arrow type of a DuckDB result column.</summary>
public static class DuckDbTypes
{
    /// <summary>DuckDB's type for a column of <paramref name="type"/>. DuckDB has no half float: float16 is stored as FLOAT.</summary>
    public static string ColumnType(IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Int8 => "TINYINT",
        ArrowTypeId.Int16 => "SMALLINT",
        ArrowTypeId.Int32 => "INTEGER",
        ArrowTypeId.Int64 => "BIGINT",
        ArrowTypeId.UInt8 => "UTINYINT",
        ArrowTypeId.UInt16 => "USMALLINT",
        ArrowTypeId.UInt32 => "UINTEGER",
        ArrowTypeId.UInt64 => "UBIGINT",
        ArrowTypeId.HalfFloat or ArrowTypeId.Float => "FLOAT",
        ArrowTypeId.Double => "DOUBLE",
        ArrowTypeId.String => "VARCHAR",
        ArrowTypeId.Boolean => "BOOLEAN",
        ArrowTypeId.Binary => "BLOB",
        _ => throw new YodaException($"columns of Arrow type {type.Name} are not supported by the DuckDB backend"),
    };

    /// <summary>
    /// The Arrow type of a computed DuckDB result column, following the project's value model
    /// (as for SQLite results): integers and booleans become Int64, reals and decimals Double,
    /// text String, blobs Binary, and dates, times and UUIDs their text. Nested types are refused.
    /// </summary>
    public static IArrowType ComputedResultType(string duckDbType)
    {
        var name = duckDbType.ToUpperInvariant();
        if (name is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT"
            or "UINTEGER" or "UBIGINT" or "UHUGEINT" or "BOOLEAN" or "NULL" or "\"NULL\"")
        {
            return Int64Type.Default;
        }

        if (name is "FLOAT" or "DOUBLE" || name.StartsWith("DECIMAL", StringComparison.Ordinal))
        {
            return DoubleType.Default;
        }

        if (name == "BLOB")
        {
            return BinaryType.Default;
        }

        if (name.EndsWith(']') || name.StartsWith("STRUCT", StringComparison.Ordinal) || name.StartsWith("MAP", StringComparison.Ordinal)
            || name.StartsWith("UNION", StringComparison.Ordinal))
        {
            throw new YodaException($"DuckDB results of type {duckDbType} are not supported yet");
        }

        return StringType.Default;
    }
}
