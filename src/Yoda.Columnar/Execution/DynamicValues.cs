using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution;

/// <summary>
/// The rows of a <see cref="ValueKind.Dynamic"/> vector: a per-row storage class (INTEGER, REAL,
/// TEXT or BLOB; NULL stays in the vector's nulls) and the value in the array of that class.
/// </summary>
public sealed class DynamicValues(int length)
{
    public int Length => Kinds.Length;

    public ValueKind[] Kinds { get; } = new ValueKind[length];

    public long[] Longs { get; } = new long[length];

    public double[] Doubles { get; } = new double[length];

    public string[] Texts { get; } = new string[length];

    public byte[][] Blobs { get; } = new byte[length][];

    public object Get(int row) => Kinds[row] switch
    {
        ValueKind.Integer => Longs[row],
        ValueKind.Real => Doubles[row],
        ValueKind.Text => Texts[row],
        _ => Blobs[row],
    };

    public void SetLong(int row, long value)
    {
        Kinds[row] = ValueKind.Integer;
        Longs[row] = value;
    }

    public void SetDouble(int row, double value)
    {
        Kinds[row] = ValueKind.Real;
        Doubles[row] = value;
    }

    public void SetText(int row, string value)
    {
        Kinds[row] = ValueKind.Text;
        Texts[row] = value;
    }

    public void SetBlob(int row, byte[] value)
    {
        Kinds[row] = ValueKind.Blob;
        Blobs[row] = value;
    }

    /// <summary>Stores a non-NULL value (long, double, string or byte array).</summary>
    public void Set(int row, object value)
    {
        switch (value)
        {
            case long l: SetLong(row, l); break;
            case double d: SetDouble(row, d); break;
            case string s: SetText(row, s); break;
            default: SetBlob(row, (byte[])value); break;
        }
    }

    /// <summary>The value of a row as a REAL, for a row known to be numeric.</summary>
    public double NumberAt(int row) => Kinds[row] == ValueKind.Integer ? Longs[row] : Doubles[row];

    public DynamicValues Gather(ReadOnlySpan<int> rows)
    {
        var result = new DynamicValues(rows.Length);
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            result.Kinds[k] = Kinds[row];
            result.Longs[k] = Longs[row];
            result.Doubles[k] = Doubles[row];
            result.Texts[k] = Texts[row];
            result.Blobs[k] = Blobs[row];
        }

        return result;
    }

    public void CopyTo(DynamicValues target, int at)
    {
        Kinds.CopyTo(target.Kinds, at);
        Longs.CopyTo(target.Longs, at);
        Doubles.CopyTo(target.Doubles, at);
        Texts.CopyTo(target.Texts, at);
        Blobs.CopyTo(target.Blobs, at);
    }

    /// <summary>SQLite's order of two values of dynamic rows (numbers exactly, then BINARY text, then blobs by memcmp).</summary>
    public int Compare(int i, DynamicValues other, int j) => (Kinds[i], other.Kinds[j]) switch
    {
        (ValueKind.Integer, ValueKind.Integer) => Longs[i].CompareTo(other.Longs[j]),
        (ValueKind.Real, ValueKind.Real) => Doubles[i].CompareTo(other.Doubles[j]),
        (ValueKind.Integer, ValueKind.Real) => ValueOrder.CompareIntReal(Longs[i], other.Doubles[j]),
        (ValueKind.Real, ValueKind.Integer) => -ValueOrder.CompareIntReal(other.Longs[j], Doubles[i]),
        (ValueKind.Text, ValueKind.Text) => TextKernels.CompareBinary(Texts[i], other.Texts[j]),
        (ValueKind.Blob, ValueKind.Blob) => TextKernels.CompareBlobs(Blobs[i], other.Blobs[j]),
        var (x, y) => Rank(x).CompareTo(Rank(y)),
    };

    private static int Rank(ValueKind kind) => kind switch
    {
        ValueKind.Integer or ValueKind.Real => 0,
        ValueKind.Text => 1,
        _ => 2,
    };
}
