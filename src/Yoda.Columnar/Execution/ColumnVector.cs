namespace Yoda.Columnar.Execution;

/// <summary>
/// A typed column of intermediate values: exactly one of <see cref="Longs"/>, <see cref="Doubles"/>,
/// <see cref="Texts"/>, <see cref="Blobs"/> is set, by <see cref="Kind"/>; <see cref="Nulls"/> is null
/// when no row is NULL. Vectors are indexed by physical row, so a selection vector can address them.
/// </summary>
public sealed class ColumnVector
{
    private ColumnVector(ValueKind kind, int length, long[]? longs, double[]? doubles, string[]? texts, byte[][]? blobs, bool[]? nulls)
    {
        Kind = kind;
        Length = length;
        Longs = longs!;
        Doubles = doubles!;
        Texts = texts!;
        Blobs = blobs!;
        Nulls = nulls;
    }

    public ValueKind Kind { get; }

    public int Length { get; }

    public long[] Longs { get; }

    public double[] Doubles { get; }

    public string[] Texts { get; }

    public byte[][] Blobs { get; }

    public bool[]? Nulls { get; }

    public bool IsNull(int row) => Nulls is not null && Nulls[row];

    public static ColumnVector Create(ValueKind kind, int length, bool withNulls) => kind switch
    {
        ValueKind.Integer => new(kind, length, new long[length], null, null, null, withNulls ? new bool[length] : null),
        ValueKind.Real => new(kind, length, null, new double[length], null, null, withNulls ? new bool[length] : null),
        ValueKind.Text => new(kind, length, null, null, new string[length], null, withNulls ? new bool[length] : null),
        _ => new(kind, length, null, null, null, new byte[length][], withNulls ? new bool[length] : null),
    };

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
            _ => Blobs[row],
        };

    /// <summary>Copies one row from <paramref name="source"/> (same kind) into row <paramref name="row"/>; <see cref="Nulls"/> must exist if it can be NULL.</summary>
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

        switch (Kind)
        {
            case ValueKind.Integer: Longs[row] = source.Longs[sourceRow]; break;
            case ValueKind.Real: Doubles[row] = source.Doubles[sourceRow]; break;
            case ValueKind.Text: Texts[row] = source.Texts[sourceRow]; break;
            default: Blobs[row] = source.Blobs[sourceRow]; break;
        }
    }

    /// <summary>Orders two non-NULL values of vectors of the same kind (BINARY text, memcmp blobs).</summary>
    public static int Compare(ColumnVector a, int i, ColumnVector b, int j) => a.Kind switch
    {
        ValueKind.Integer => a.Longs[i].CompareTo(b.Longs[j]),
        ValueKind.Real => a.Doubles[i].CompareTo(b.Doubles[j]),
        ValueKind.Text => Kernels.TextKernels.CompareBinary(a.Texts[i], b.Texts[j]),
        _ => Kernels.TextKernels.CompareBlobs(a.Blobs[i], b.Blobs[j]),
    };

    /// <summary>A dense copy of the selected rows, in selection order.</summary>
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
            ValueKind.Integer => OfLongs(GatherValues(Longs, rows), nulls),
            ValueKind.Real => OfDoubles(GatherValues(Doubles, rows), nulls),
            ValueKind.Text => OfTexts(GatherValues(Texts, rows), nulls),
            _ => OfBlobs(GatherValues(Blobs, rows), nulls),
        };
    }

    private static T[] GatherValues<T>(T[] values, ReadOnlySpan<int> rows)
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
            default: Array.Fill(vector.Blobs, (byte[])value); break;
        }

        return vector;
    }
}
