namespace Yoda.Columnar.Execution;

/// <summary>
/// A typed column of intermediate values: exactly one of <see cref="Longs"/>, <see cref="Doubles"/>,
/// <see cref="Texts"/>, <see cref="Blobs"/> is set, by <see cref="Kind"/>; <see cref="Nulls"/> is null
/// when no row is NULL. Vectors are indexed by physical row, so a selection vector can address them.
/// A <see cref="ValueKind.Dynamic"/> vector holds its rows in <see cref="Dynamic"/> instead; reading
/// one of its typed arrays fails with "... is not supported yet", so that code which does not know
/// dynamic values refuses them instead of misreading them.
/// </summary>
public sealed partial class ColumnVector
{
    private long[]? _longs;
    private double[]? _doubles;
    private string[]? _texts;
    private readonly byte[][]? _blobs;
    private readonly DynamicValues? _dynamic;

    private ColumnVector(ValueKind kind, int length, long[]? longs, double[]? doubles, string[]? texts, byte[][]? blobs, bool[]? nulls, DynamicValues? dynamic = null)
    {
        Kind = kind;
        Length = length;
        _longs = longs;
        _doubles = doubles;
        _texts = texts;
        _blobs = blobs;
        _dynamic = dynamic;
        Nulls = nulls;
    }

    public ValueKind Kind { get; }

    public int Length { get; }

    public long[] Longs => _longs ?? (_storedLongs is not null ? _longs = StoredLongs.ToArray() : Absent<long[]>());

    public double[] Doubles => _doubles ?? (_storedDoubles is not null ? _doubles = StoredDoubles.ToArray() : Absent<double[]>());

    public string[] Texts => _texts ?? (_utf8 is not null ? _texts = DecodeTexts() : Absent<string[]>());

    public byte[][] Blobs => _blobs ?? Absent<byte[][]>();

    /// <summary>The rows of a <see cref="ValueKind.Dynamic"/> vector.</summary>
    public DynamicValues Dynamic => _dynamic ?? throw new InvalidOperationException($"a {Kind} vector has no dynamic values");

    public bool[]? Nulls { get; }

    public bool IsNull(int row) => Nulls is not null && Nulls[row];

    /// <summary>The storage class of a non-NULL row.</summary>
    public ValueKind KindAt(int row) => _dynamic is null ? Kind : _dynamic.Kinds[row];

    /// <summary>The INTEGER value of a row whose class (<see cref="KindAt"/>) is INTEGER, for static and dynamic vectors alike.</summary>
    public long LongAt(int row) => _dynamic is null ? Longs[row] : _dynamic.Longs[row];

    /// <summary>The REAL value of a row whose class is REAL.</summary>
    public double DoubleAt(int row) => _dynamic is null ? Doubles[row] : _dynamic.Doubles[row];

    /// <summary>The TEXT value of a row whose class is TEXT.</summary>
    public string TextAt(int row) => _dynamic is null ? Texts[row] : _dynamic.Texts[row];

    /// <summary>The BLOB value of a row whose class is BLOB.</summary>
    public byte[] BlobAt(int row) => _dynamic is null ? Blobs[row] : _dynamic.Blobs[row];

    /// <summary>Thrown where code reads a typed array of a dynamic vector: the position it is used in does not take values of varying type.</summary>
    public static YodaException DynamicNotSupported() =>
        new("an expression whose type varies per row (mixed INTEGER/REAL/TEXT/BLOB values) is not supported yet in this position");

    private T Absent<T>() => Kind == ValueKind.Dynamic ? throw DynamicNotSupported() : default(T)!;

    public static ColumnVector Create(ValueKind kind, int length, bool withNulls) => kind switch
    {
        ValueKind.Integer => new(kind, length, new long[length], null, null, null, withNulls ? new bool[length] : null),
        ValueKind.Real => new(kind, length, null, new double[length], null, null, withNulls ? new bool[length] : null),
        ValueKind.Text => new(kind, length, null, null, new string[length], null, withNulls ? new bool[length] : null),
        ValueKind.Dynamic => OfDynamic(new DynamicValues(length), withNulls ? new bool[length] : null),
        _ => new(kind, length, null, null, null, new byte[length][], withNulls ? new bool[length] : null),
    };

    public static ColumnVector OfDynamic(DynamicValues values, bool[]? nulls) => new(ValueKind.Dynamic, values.Length, null, null, null, null, nulls, values);

    public static ColumnVector OfLongs(long[] values, bool[]? nulls) => new(ValueKind.Integer, values.Length, values, null, null, null, nulls);

    public static ColumnVector OfDoubles(double[] values, bool[]? nulls) => new(ValueKind.Real, values.Length, null, values, null, null, nulls);

    public static ColumnVector OfTexts(string[] values, bool[]? nulls) => new(ValueKind.Text, values.Length, null, null, values, null, nulls);

    public static ColumnVector OfBlobs(byte[][] values, bool[]? nulls) => new(ValueKind.Blob, values.Length, null, null, null, values, nulls);

    /// <summary>The value of one row as <see langword="null"/>, <see cref="long"/>, <see cref="double"/>, <see cref="string"/> or byte array (boxes: not for hot loops).</summary>
    public object? GetValue(int row) => IsNull(row)
        ? null
        : Kind switch
        {
            ValueKind.Integer => Longs[row],
            ValueKind.Real => Doubles[row],
            ValueKind.Text => Texts[row],
            ValueKind.Dynamic => Dynamic.Get(row),
            _ => Blobs[row],
        };

    /// <summary>
    /// Sets one row from a value as <see cref="GetValue"/> gives it (<see cref="Nulls"/> must exist for
    /// a NULL): a dynamic vector takes any class, a typed one its own (unboxes: not for hot loops).
    /// </summary>
    public void SetValue(int row, object? value)
    {
        switch (value)
        {
            case null: Nulls![row] = true; break;
            case var any when Kind == ValueKind.Dynamic: Dynamic.Set(row, any); break;
            case long l: Longs[row] = l; break;
            case double d: Doubles[row] = d; break;
            case string s: Texts[row] = s; break;
            case byte[] b: Blobs[row] = b; break;
        }
    }

    /// <summary>Copies one row from <paramref name="source"/> (same kind, or any kind into a dynamic vector) into row <paramref name="row"/>; <see cref="Nulls"/> must exist if it can be NULL.</summary>
    public void CopyFrom(int row, ColumnVector source, int sourceRow)
    {
        if (source.IsNull(sourceRow))
        {
            Nulls![row] = true;
            return;
        }

        if (Nulls is not null)
        {
            Nulls[row] = false;
        }

        if (_dynamic is not null)
        {
            CopyIntoDynamic(row, source, sourceRow);
            return;
        }

        switch (Kind)
        {
            case ValueKind.Integer: Longs[row] = source.Longs[sourceRow]; break;
            case ValueKind.Real: Doubles[row] = source.Doubles[sourceRow]; break;
            case ValueKind.Text: Texts[row] = source.TextOf(sourceRow); break;
            default: Blobs[row] = source.Blobs[sourceRow]; break;
        }
    }

    private void CopyIntoDynamic(int row, ColumnVector source, int sourceRow)
    {
        switch (source.Kind)
        {
            case ValueKind.Integer: _dynamic!.SetLong(row, source.Longs[sourceRow]); break;
            case ValueKind.Real: _dynamic!.SetDouble(row, source.Doubles[sourceRow]); break;
            case ValueKind.Text: _dynamic!.SetText(row, source.TextOf(sourceRow)); break;
            case ValueKind.Dynamic: _dynamic!.Set(row, source.Dynamic.Get(sourceRow)); break;
            default: _dynamic!.SetBlob(row, source.Blobs[sourceRow]); break;
        }
    }

    /// <summary>Orders two non-NULL values of vectors of the same kind (BINARY text, memcmp blobs; dynamic values in SQLite's cross-class order).</summary>
    public static int Compare(ColumnVector a, int i, ColumnVector b, int j) => a.Kind switch
    {
        ValueKind.Dynamic => a.Dynamic.Compare(i, b.Dynamic, j),
        ValueKind.Integer => a.Longs[i].CompareTo(b.Longs[j]),
        ValueKind.Real => a.Doubles[i].CompareTo(b.Doubles[j]),
        ValueKind.Text => Kernels.TextKernels.CompareBinary(a.Texts[i], b.Texts[j]),
        _ => Kernels.TextKernels.CompareBlobs(a.Blobs[i], b.Blobs[j]),
    };

    /// <summary>
    /// A dense copy of the selected rows, in selection order. Stored text not decoded yet stays UTF-8
    /// bytes (see <see cref="GatherUtf8"/>).
    /// </summary>
    public ColumnVector Gather(ReadOnlySpan<int> rows)
    {
        bool[]? nulls = null;
        if (Nulls is not null)
        {
            nulls = new bool[rows.Length];
            for (var k = 0; k < rows.Length; k++)
            {
                nulls[k] = Nulls[rows[k]];
            }
        }

        return Kind switch
        {
            ValueKind.Integer => OfLongs(GatherValues(LongValues, rows), nulls),
            ValueKind.Real => OfDoubles(GatherValues(DoubleValues, rows), nulls),
            ValueKind.Text => _texts is null && _utf8 is not null ? GatherUtf8(rows, nulls) : OfTexts(GatherValues(Texts, rows), nulls),
            ValueKind.Dynamic => OfDynamic(Dynamic.Gather(rows), nulls),
            _ => OfBlobs(GatherValues(Blobs, rows), nulls),
        };
    }

    private static T[] GatherValues<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> rows)
    {
        var result = new T[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            result[k] = values[rows[k]];
        }

        return result;
    }

    /// <summary>A vector holding <paramref name="value"/> in every row.</summary>
    public static ColumnVector Constant(ValueKind kind, object? value, int length)
    {
        var vector = Create(kind, length, value is null);
        if (value is null)
        {
            Array.Fill(vector.Nulls!, true);
            return vector;
        }

        switch (kind)
        {
            case ValueKind.Integer: Array.Fill(vector.Longs, (long)value); break;
            case ValueKind.Real: Array.Fill(vector.Doubles, (double)value); break;
            case ValueKind.Text: Array.Fill(vector.Texts, (string)value); break;
            case ValueKind.Dynamic:
                for (var i = 0; i < length; i++)
                {
                    vector.Dynamic.Set(i, value);
                }

                break;
            default: Array.Fill(vector.Blobs, (byte[])value); break;
        }

        return vector;
    }
}
