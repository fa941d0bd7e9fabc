using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Storage;

/// <summary>
/// Reads one value out of an Arrow array as the storage layer's value model: integers (and
/// booleans, as 0/1) are <see cref="long"/>, reals <see cref="double"/>, text <see cref="string"/>,
/// binary <see cref="byte"/> arrays, NULL is null.
/// </summary>
public static class ArrowValues
{
    public static object? Get(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            Int64Array a => a.GetValue(index)!.Value,
            Int32Array a => (long)a.GetValue(index)!.Value,
            Int16Array a => (long)a.GetValue(index)!.Value,
            Int8Array a => (long)a.GetValue(index)!.Value,
            UInt8Array a => (long)a.GetValue(index)!.Value,
            UInt16Array a => (long)a.GetValue(index)!.Value,
            UInt32Array a => (long)a.GetValue(index)!.Value,
            UInt64Array a => (long)a.GetValue(index)!.Value,
            DoubleArray a => a.GetValue(index)!.Value,
            FloatArray a => (double)a.GetValue(index)!.Value,
            HalfFloatArray a => (double)a.GetValue(index)!.Value,
            StringArray a => a.GetString(index),
            BooleanArray a => a.GetValue(index)!.Value ? 1L : 0L,
            BinaryArray a => a.GetBytes(index).ToArray(),
            _ => throw new YodaException($"arrays of type {array.Data.DataType.Name} are not supported"),
        };
    }

    /// <summary>Whether <paramref name="value"/> (of the storage value model) fits a column of <paramref name="type"/>.</summary>
    public static string? DescribeMismatch(IArrowType type, object? value) =>
        value is null or long or double or string or byte[]
            ? StorageValue.FromObject(value).MismatchFor(type)
            : $"a value of .NET type {value.GetType().Name}";

    /// <summary>
    /// Whether the value at <paramref name="index"/> is identical to <paramref name="value"/> (see
    /// <see cref="StorageValue.SameAs"/>); text and blobs are compared as stored, without copying.
    /// </summary>
    public static bool Matches(IArrowArray array, int index, in StorageValue value)
    {
        if (array.IsNull(index) || value.IsNull)
        {
            return array.IsNull(index) && value.IsNull;
        }

        return array switch
        {
            StringArray a => value.Kind == StorageKind.Text && TextMatches(a.GetBytes(index), value.Text),
            BinaryArray a => value.Kind == StorageKind.Blob && a.GetBytes(index).SequenceEqual(value.Blob),
            _ => GetValue(array, index).SameAs(value),
        };
    }

    internal static bool TextMatches(ReadOnlySpan<byte> stored, string text)
    {
        if (stored.Length < text.Length || stored.Length > text.Length * 3)
        {
            return false; // a UTF-16 unit takes one to three UTF-8 bytes
        }

        Span<byte> encoded = stored.Length <= 256 ? stackalloc byte[stored.Length] : new byte[stored.Length];
        return System.Text.Encoding.UTF8.TryGetBytes(text, encoded, out var written) && written == stored.Length && encoded.SequenceEqual(stored);
    }

    /// <summary>One value of <paramref name="array"/> as a <see cref="StorageValue"/>, without boxing.</summary>
    public static StorageValue GetValue(IArrowArray array, int index)
    {
        if (array.IsNull(index))
        {
            return default;
        }

        return array switch
        {
            Int64Array a => StorageValue.FromInteger(a.GetValue(index)!.Value),
            Int32Array a => StorageValue.FromInteger(a.GetValue(index)!.Value),
            Int16Array a => StorageValue.FromInteger(a.GetValue(index)!.Value),
            Int8Array a => StorageValue.FromInteger(a.GetValue(index)!.Value),
            UInt8Array a => StorageValue.FromInteger(a.GetValue(index)!.Value),
            UInt16Array a => StorageValue.FromInteger(a.GetValue(index)!.Value),
            UInt32Array a => StorageValue.FromInteger(a.GetValue(index)!.Value),
            UInt64Array a => StorageValue.FromInteger((long)a.GetValue(index)!.Value),
            DoubleArray a => StorageValue.FromReal(a.GetValue(index)!.Value),
            FloatArray a => StorageValue.FromReal(a.GetValue(index)!.Value),
            HalfFloatArray a => StorageValue.FromReal((double)a.GetValue(index)!.Value),
            StringArray a => StorageValue.FromText(a.GetString(index)),
            BooleanArray a => StorageValue.FromInteger(a.GetValue(index)!.Value ? 1 : 0),
            BinaryArray a => StorageValue.FromBlob(a.GetBytes(index).ToArray()),
            _ => throw new YodaException($"arrays of type {array.Data.DataType.Name} are not supported"),
        };
    }
}
