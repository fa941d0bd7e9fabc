using Apache.Arrow.Types;

namespace Yoda.Columnar.Types;

/// <summary>The column type names of the public schema API and the Arrow types they stand for.</summary>
public static class ColumnTypes
{
    private static readonly Dictionary<string, IArrowType> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["int8"] = Int8Type.Default,
        ["int16"] = Int16Type.Default,
        ["int32"] = Int32Type.Default,
        ["int"] = Int32Type.Default,
        ["int64"] = Int64Type.Default,
        ["bigint"] = Int64Type.Default,
        ["uint8"] = UInt8Type.Default,
        ["uint16"] = UInt16Type.Default,
        ["uint32"] = UInt32Type.Default,
        ["uint64"] = UInt64Type.Default,
        ["float16"] = HalfFloatType.Default,
        ["half"] = HalfFloatType.Default,
        ["float32"] = FloatType.Default,
        ["float"] = FloatType.Default,
        ["float64"] = DoubleType.Default,
        ["double"] = DoubleType.Default,
        ["utf8"] = StringType.Default,
        ["string"] = StringType.Default,
        ["text"] = StringType.Default,
        ["bool"] = BooleanType.Default,
        ["boolean"] = BooleanType.Default,
        ["binary"] = BinaryType.Default,
        ["bytes"] = BinaryType.Default,
    };

    public static bool TryParse(string name, out IArrowType type) => ByName.TryGetValue(name.Trim(), out type!);

    /// <summary>The canonical type name of an Arrow type (the one metadata records).</summary>
    public static string CanonicalName(IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Int8 => "int8",
        ArrowTypeId.Int16 => "int16",
        ArrowTypeId.Int32 => "int32",
        ArrowTypeId.Int64 => "int64",
        ArrowTypeId.UInt8 => "uint8",
        ArrowTypeId.UInt16 => "uint16",
        ArrowTypeId.UInt32 => "uint32",
        ArrowTypeId.UInt64 => "uint64",
        ArrowTypeId.HalfFloat => "float16",
        ArrowTypeId.Float => "float32",
        ArrowTypeId.Double => "float64",
        ArrowTypeId.String => "utf8",
        ArrowTypeId.Boolean => "bool",
        ArrowTypeId.Binary => "binary",
        _ => throw new YodaException($"column type {type.Name} is not supported"),
    };

    /// <summary>
    /// The .NET type that holds a value of <paramref name="type"/> at its own width (float16 as
    /// float, binary as byte[]); null for a type columns cannot have.
    /// </summary>
    public static Type? ClrType(IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Int8 => typeof(sbyte),
        ArrowTypeId.Int16 => typeof(short),
        ArrowTypeId.Int32 => typeof(int),
        ArrowTypeId.Int64 => typeof(long),
        ArrowTypeId.UInt8 => typeof(byte),
        ArrowTypeId.UInt16 => typeof(ushort),
        ArrowTypeId.UInt32 => typeof(uint),
        ArrowTypeId.UInt64 => typeof(ulong),
        ArrowTypeId.HalfFloat or ArrowTypeId.Float => typeof(float),
        ArrowTypeId.Double => typeof(double),
        ArrowTypeId.Boolean => typeof(bool),
        ArrowTypeId.String => typeof(string),
        ArrowTypeId.Binary => typeof(byte[]),
        _ => null,
    };

    public static bool IsInteger(IArrowType type) => type.TypeId is ArrowTypeId.Int8 or ArrowTypeId.Int16
        or ArrowTypeId.Int32 or ArrowTypeId.Int64 or ArrowTypeId.UInt8 or ArrowTypeId.UInt16
        or ArrowTypeId.UInt32 or ArrowTypeId.UInt64 or ArrowTypeId.Boolean;

    public static bool IsReal(IArrowType type) =>
        type.TypeId is ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double;
}
