using Apache.Arrow.Types;
using Yoda.Columnar.Types;

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

    /// <summary>The .NET type DuckDB.NET reads a column of <paramref name="type"/> as (a blob as a Stream).</summary>
    public static Type? ClrType(IArrowType type) =>
        type.TypeId == ArrowTypeId.Binary ? typeof(Stream) : ColumnTypes.ClrType(type);

    /// <summary>
    /// The Arrow type of a computed DuckDB result column read as <paramref name="clrType"/>,
    /// following the project's value model (as for SQLite results): integers and booleans become
    /// Int64, reals and decimals Double, text String, blobs Binary, and dates, times and UUIDs their
    /// text. Nested types are refused.
    /// </summary>
    public static IArrowType ComputedResultType(Type clrType, string duckDbType)
    {
        if (clrType == typeof(sbyte) || clrType == typeof(short) || clrType == typeof(int) || clrType == typeof(long)
            || clrType == typeof(byte) || clrType == typeof(ushort) || clrType == typeof(uint) || clrType == typeof(ulong)
            || clrType == typeof(System.Numerics.BigInteger) || clrType == typeof(bool))
        {
            return Int64Type.Default;
        }

        if (clrType == typeof(float) || clrType == typeof(double) || clrType == typeof(decimal))
        {
            return DoubleType.Default;
        }

        if (clrType == typeof(byte[]) || typeof(Stream).IsAssignableFrom(clrType))
        {
            return BinaryType.Default;
        }

        if (clrType == typeof(string) || clrType == typeof(DateTime) || clrType == typeof(DateOnly) || clrType == typeof(TimeOnly)
            || clrType == typeof(DateTimeOffset) || clrType == typeof(TimeSpan) || clrType == typeof(Guid) || clrType.IsPrimitive)
        {
            return StringType.Default;
        }

        throw new YodaException($"DuckDB results of type {duckDbType} are not supported yet");
    }
}
