using System.Globalization;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Storage;

/// <summary>The kind of a <see cref="StorageValue"/>: SQLite's five storage classes.</summary>
public enum StorageKind : byte
{
    Null,
    Integer,
    Real,
    Text,
    Blob,
}

/// <summary>
/// One value of the storage value model (see <see cref="ArrowValues"/>) without boxing: integers
/// and reals live in the struct, text and blobs by reference. Rows of these are what the sync
/// path decodes, stages and compares, so that no object is allocated per integer or real.
/// </summary>
public readonly struct StorageValue
{
    private readonly long _bits;
    private readonly object? _reference;

    private StorageValue(StorageKind kind, long bits, object? reference)
    {
        Kind = kind;
        _bits = bits;
        _reference = reference;
    }

    public static StorageValue Null => default;

    public StorageKind Kind { get; }

    public bool IsNull => Kind == StorageKind.Null;

    public long Integer => _bits;

    public double Real => BitConverter.Int64BitsToDouble(_bits);

    public string Text => (string)_reference!;

    public byte[] Blob => (byte[])_reference!;

    public static StorageValue FromInteger(long value) => new(StorageKind.Integer, value, null);

    public static StorageValue FromReal(double value) => new(StorageKind.Real, BitConverter.DoubleToInt64Bits(value), null);

    public static StorageValue FromText(string value) => new(StorageKind.Text, 0, value);

    public static StorageValue FromBlob(byte[] value) => new(StorageKind.Blob, 0, value);

    /// <summary>A value of the boxed model: null, long, double, string or byte[].</summary>
    public static StorageValue FromObject(object? value) => value switch
    {
        null => default,
        long l => FromInteger(l),
        double d => FromReal(d),
        string s => FromText(s),
        byte[] b => FromBlob(b),
        _ => throw new YodaException($"a value of .NET type {value.GetType().Name} is not a storage value"),
    };

    public object? ToObject() => Kind switch
    {
        StorageKind.Integer => _bits,
        StorageKind.Real => Real,
        StorageKind.Text or StorageKind.Blob => _reference,
        _ => null,
    };

    /// <summary>Identical values: same kind, reals bit for bit, text ordinally, blobs byte by byte.</summary>
    public bool SameAs(in StorageValue other) => Kind == other.Kind && Kind switch
    {
        StorageKind.Null => true,
        StorageKind.Integer or StorageKind.Real => _bits == other._bits,
        StorageKind.Text => string.Equals(Text, other.Text, StringComparison.Ordinal),
        _ => Blob.AsSpan().SequenceEqual(other.Blob),
    };

    /// <summary>Why this value does not fit a column of <paramref name="type"/>, or null when it does.</summary>
    public string? MismatchFor(IArrowType type) => Kind switch
    {
        StorageKind.Null => null,
        StorageKind.Integer => type.TypeId switch
        {
            ArrowTypeId.Int8 when _bits is < sbyte.MinValue or > sbyte.MaxValue => "out of range for int8",
            ArrowTypeId.Int16 when _bits is < short.MinValue or > short.MaxValue => "out of range for int16",
            ArrowTypeId.Int32 when _bits is < int.MinValue or > int.MaxValue => "out of range for int32",
            ArrowTypeId.UInt8 when _bits is < 0 or > byte.MaxValue => "out of range for uint8",
            ArrowTypeId.UInt16 when _bits is < 0 or > ushort.MaxValue => "out of range for uint16",
            ArrowTypeId.UInt32 when _bits is < 0 or > uint.MaxValue => "out of range for uint32",
            ArrowTypeId.UInt64 when _bits < 0 => "out of range for uint64",
            ArrowTypeId.Boolean when _bits is not (0 or 1) => "not a boolean (0 or 1)",
            ArrowTypeId.String or ArrowTypeId.Binary => "an integer where text or binary is expected",
            _ => null,
        },
        StorageKind.Real => type.TypeId is ArrowTypeId.Double or ArrowTypeId.Float or ArrowTypeId.HalfFloat
            ? null
            : "a real where " + type.Name + " is expected",
        StorageKind.Text => type.TypeId == ArrowTypeId.String ? null : "text where " + type.Name + " is expected",
        _ => type.TypeId == ArrowTypeId.Binary ? null : "a blob where " + type.Name + " is expected",
    };

    public override string ToString() => Kind switch
    {
        StorageKind.Null => "NULL",
        StorageKind.Integer => _bits.ToString(CultureInfo.InvariantCulture),
        StorageKind.Real => Real.ToString("R", CultureInfo.InvariantCulture),
        StorageKind.Text => Text,
        _ => $"blob of {Blob.Length} bytes",
    };
}
