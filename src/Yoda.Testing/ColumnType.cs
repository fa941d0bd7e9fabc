namespace Yoda.Testing;

/// <summary>The storage class a value has in SQLite (and the value model of the comparison helper).</summary>
public enum ValueKind
{
    /// <summary>64-bit signed integers; booleans are 0/1.</summary>
    Integer,
    /// <summary>IEEE doubles.</summary>
    Real,
    /// <summary>UTF-8 text.</summary>
    Text,
    /// <summary>Byte strings.</summary>
    Blob,
}

/// <summary>
/// One registered column type of the API contract (<c>api.md</c>) with what a generator needs to
/// know about it: the SQLite declared types that are compatible with it, its value kind and, for
/// integers, the range of values the capture triggers accept.
/// </summary>
public sealed record ColumnType(string Name, ValueKind Kind, long Min, long Max, IReadOnlyList<string> DeclaredTypes)
{
    public static readonly ColumnType Int8 = Int("int8", sbyte.MinValue, sbyte.MaxValue);
    public static readonly ColumnType Int16 = Int("int16", short.MinValue, short.MaxValue);
    public static readonly ColumnType Int32 = Int("int32", int.MinValue, int.MaxValue);
    public static readonly ColumnType Int64 = Int("int64", long.MinValue, long.MaxValue);
    public static readonly ColumnType UInt8 = Int("uint8", 0, byte.MaxValue);
    public static readonly ColumnType UInt16 = Int("uint16", 0, ushort.MaxValue);
    public static readonly ColumnType UInt32 = Int("uint32", 0, uint.MaxValue);
    /// <summary>SQLite integers are signed: uint64 values go up to <see cref="long.MaxValue"/> only.</summary>
    public static readonly ColumnType UInt64 = Int("uint64", 0, long.MaxValue);
    /// <summary>Values are generated exactly representable as a half float, so OLAP holds them exactly.</summary>
    public static readonly ColumnType Float16 = new("float16", ValueKind.Real, 0, 0, ["REAL", "FLOAT"]);
    /// <summary>Values are generated exactly representable as a single float, so OLAP holds them exactly.</summary>
    public static readonly ColumnType Float32 = new("float32", ValueKind.Real, 0, 0, ["REAL", "FLOAT"]);
    public static readonly ColumnType Float64 = new("float64", ValueKind.Real, 0, 0, ["REAL", "DOUBLE", "DOUBLE PRECISION"]);
    public static readonly ColumnType Utf8 = new("utf8", ValueKind.Text, 0, 0, ["TEXT", "VARCHAR(30)"]);
    public static readonly ColumnType Bool = new("bool", ValueKind.Integer, 0, 1, ["BOOLEAN", "INTEGER"]);
    public static readonly ColumnType Binary = new("binary", ValueKind.Blob, 0, 0, ["BLOB"]);

    /// <summary>Every type of the API contract.</summary>
    public static readonly IReadOnlyList<ColumnType> All =
        [Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, Float16, Float32, Float64, Utf8, Bool, Binary];

    /// <summary>Types that can form a primary key in generated tables.</summary>
    public static readonly IReadOnlyList<ColumnType> KeyTypes = [Int8, Int32, Int64, UInt16, Utf8];

    private static ColumnType Int(string name, long min, long max) =>
        new(name, ValueKind.Integer, min, max, ["INTEGER", "INT", "BIGINT"]);

    /// <summary>Rounds a double to the precision this column stores (identity except for float16/float32).</summary>
    public double Round(double value) => Name switch
    {
        "float16" => (double)(Half)value,
        "float32" => (double)(float)value,
        _ => value,
    };

    public override string ToString() => Name;
}
