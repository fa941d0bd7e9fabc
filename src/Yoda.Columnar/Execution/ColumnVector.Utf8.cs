using Apache.Arrow;

namespace Yoda.Columnar.Execution;

/// <summary>
/// A TEXT vector read from storage keeps its rows as the stored UTF-8 bytes until some code asks for
/// strings: <see cref="Texts"/> then decodes the selected rows once, through the scan's decoder (whose
/// cache is safe to share between threads). Code that can work on bytes (group
/// keys, DISTINCT) reads <see cref="Utf8At"/> and never allocates a string per row.
/// </summary>
public sealed partial class ColumnVector
{
    private StringArray? _utf8;
    private TextDecoder? _decoder;
    private int _utf8Start;
    private int[]? _utf8Rows;
    private bool? _utf8IsAscii;

    /// <summary>
    /// Rows <paramref name="start"/> .. + <paramref name="length"/> of a stored string array, decoded
    /// on first use; only the <paramref name="selected"/> rows are decoded (the others read as empty).
    /// <paramref name="selected"/> must not change afterwards.
    /// </summary>
    public static ColumnVector OfUtf8(StringArray array, int start, int length, int[] selected, bool[]? nulls, TextDecoder decoder) =>
        new(ValueKind.Text, length, null, null, null, null, nulls) { _utf8 = array, _utf8Start = start, _utf8Rows = selected, _decoder = decoder };

    /// <summary>True when the rows are still the stored UTF-8 bytes, readable through <see cref="Utf8At"/>.</summary>
    public bool HasUtf8 => _utf8 is not null;

    /// <summary>The stored string array of a vector that <see cref="HasUtf8"/> (row r of the vector is row <see cref="StoredUtf8Start"/> + r of it), else null.</summary>
    internal StringArray? StoredUtf8Array => _utf8;

    /// <summary>The stored array's row of the vector's row 0 (see <see cref="StoredUtf8Array"/>).</summary>
    internal int StoredUtf8Start => _utf8Start;

    /// <summary>The stored UTF-8 bytes of a non-NULL row of a vector that <see cref="HasUtf8"/>.</summary>
    public ReadOnlySpan<byte> Utf8At(int row) => Utf8Texts[row];

    /// <summary>The stored UTF-8 rows of a vector that <see cref="HasUtf8"/>, for loops over many rows (the Arrow buffers are looked up once).</summary>
    public Utf8Rows Utf8Texts => new(_utf8!.ValueOffsets[_utf8Start..], _utf8.Values);

    /// <summary>
    /// True when every stored byte of the vector's rows is ASCII, so that each row is valid UTF-8
    /// whose byte order is its string's order (checked once per vector).
    /// </summary>
    public bool Utf8IsAscii => _utf8IsAscii ??= System.Text.Ascii.IsValid(StoredBytes());

    /// <summary>The string of a non-NULL TEXT row, decoding only that row when the vector has not been decoded.</summary>
    public string TextOf(int row) => _texts is null && _utf8 is not null ? _decoder!.Decode(Utf8At(row)) : TextAt(row);

    private ReadOnlySpan<byte> StoredBytes()
    {
        var offsets = _utf8!.ValueOffsets;
        return _utf8.Values[offsets[_utf8Start]..offsets[_utf8Start + Length]];
    }

    private string[] DecodeTexts()
    {
        var texts = new string[Length];
        if (_utf8Rows!.Length < Length)
        {
            System.Array.Fill(texts, string.Empty);
        }

        var stored = Utf8Texts;
        foreach (var row in _utf8Rows)
        {
            texts[row] = IsNull(row) ? string.Empty : _decoder!.Decode(stored[row]);
        }

        return texts;
    }
}

/// <summary>The UTF-8 bytes of the rows of a stored TEXT vector, addressed by the vector's row numbers.</summary>
public readonly ref struct Utf8Rows(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<int> _offsets = offsets;
    private readonly ReadOnlySpan<byte> _data = data;

    public ReadOnlySpan<byte> this[int row] => _data[_offsets[row].._offsets[row + 1]];
}
