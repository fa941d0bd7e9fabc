using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Storage;

/// <summary>
/// The identity of a replicated row: its primary-key values, or its SQLite rowid. A single
/// integer key is kept unboxed; composite and non-integer keys compare value by value
/// (integers and reals numerically, text ordinally, blobs byte by byte).
/// </summary>
public readonly partial struct RowKey : IEquatable<RowKey>
{
    private readonly long _integer;
    private readonly object?[]? _values;

    private RowKey(long integer, object?[]? values)
    {
        _integer = integer;
        _values = values;
    }

    public static RowKey FromInteger(long value) => new(value, null);

    public static RowKey FromValues(object?[] values) =>
        values is [long single] ? FromInteger(single) : new RowKey(0, values);

    /// <summary>The key made of the values of <paramref name="row"/> at <paramref name="columns"/>.</summary>
    public static RowKey FromColumns(ReadOnlySpan<StorageValue> row, IReadOnlyList<int> columns)
    {
        if (columns.Count == 1 && row[columns[0]].Kind == StorageKind.Integer)
        {
            return FromInteger(row[columns[0]].Integer);
        }

        var values = new object?[columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = row[columns[i]].ToObject();
        }

        return new RowKey(0, values);
    }

    public bool Equals(RowKey other)
    {
        if (_values is null || other._values is null)
        {
            return _values is null && other._values is null && _integer == other._integer;
        }

        if (_values.Length != other._values.Length)
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!ValueEquals(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

    public override int GetHashCode()
    {
        if (_values is null)
        {
            return _integer.GetHashCode();
        }

        var hash = new HashCode();
        foreach (var value in _values)
        {
            hash.Add(value switch
            {
                byte[] bytes => HashBytes(bytes),
                double d when NumericText.IsExactInteger(d) => ((long)d).GetHashCode(),
                _ => value?.GetHashCode() ?? 0,
            });
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        _values is null ? _integer.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : "(" + string.Join(", ", _values.Select(v => v?.ToString() ?? "NULL")) + ")";

    private static int HashBytes(byte[] bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    private static bool ValueEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (long x, long y) => x == y,
        (double x, double y) => x.Equals(y),
        (long x, double y) => x == y,
        (double x, long y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => false,
    };
}
