using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

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
    private object? _utf8Column;
    private TextDecoder? _decoder;
    private int _utf8Start;
    private int[]? _utf8Rows;
    private bool? _utf8IsAscii;

    /// <summary>
    /// Rows <paramref name="start"/> .. + <paramref name="length"/> of a stored string array, decoded
    /// on first use; only the <paramref name="selected"/> rows are decoded (the others read as empty).
    /// <paramref name="selected"/> must not change afterwards. <paramref name="column"/> stands for the
    /// table column the array is a segment of (see <see cref="StoredUtf8Column"/>), null when it is none.
    /// </summary>
    public static ColumnVector OfUtf8(StringArray array, int start, int length, int[] selected, bool[]? nulls, TextDecoder decoder, object? column = null) =>
        new(ValueKind.Text, length, null, null, null, null, nulls) { _utf8 = array, _utf8Start = start, _utf8Rows = selected, _decoder = decoder, _utf8Column = column };

    /// <summary>True when the rows are still the stored UTF-8 bytes, readable through <see cref="Utf8At"/>.</summary>
    public bool HasUtf8 => _utf8 is not null;

    /// <summary>The stored string array of a vector that <see cref="HasUtf8"/> (row r of the vector is row <see cref="StoredUtf8Start"/> + r of it), else null.</summary>
    internal StringArray? StoredUtf8Array => _utf8;

    /// <summary>
    /// An object standing for the table column whose segment <see cref="StoredUtf8Array"/> is (the same
    /// for every segment of the column, in every snapshot of the table), or null: a group key numbers
    /// the column's texts once for all its segments (<see cref="Aggregates.ColumnTextDictionary"/>).
    /// </summary>
    internal object? StoredUtf8Column => _utf8Column;

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

    /// <summary>True while the rows are the stored UTF-8 bytes and no code has asked for strings yet.</summary>
    internal bool IsUndecodedUtf8 => _texts is null && _utf8 is not null;

    /// <summary>
    /// Parts that are all <see cref="IsUndecodedUtf8"/> as one TEXT vector of their rows, part after
    /// part, still UTF-8 bytes (decoded on first use by the first part's decoder).
    /// </summary>
    internal static ColumnVector ConcatUtf8(IReadOnlyList<ColumnVector> parts, int rowCount, bool[]? nulls)
    {
        var bytes = 0L;
        foreach (var part in parts)
        {
            bytes += part.StoredBytes().Length;
        }

        var builder = new Utf8Builder(rowCount, bytes);
        foreach (var part in parts)
        {
            var stored = part.Utf8Texts;
            for (var row = 0; row < part.Length; row++)
            {
                builder.Add(part.IsNull(row) ? default : stored[row]);
            }
        }

        return builder.Build(nulls, parts[0]._decoder!);
    }

    /// <summary>
    /// Row k is row <paramref name="rows"/>[k] of <paramref name="parts"/>[<paramref name="partOf"/>[k]],
    /// the parts all <see cref="IsUndecodedUtf8"/>: still UTF-8 bytes, decoded on first use.
    /// </summary>
    internal static ColumnVector InterleaveUtf8(IReadOnlyList<ColumnVector> parts, ReadOnlySpan<int> partOf, ReadOnlySpan<int> rows, bool[]? nulls)
    {
        var bytes = 0L;
        for (var k = 0; k < rows.Length; k++)
        {
            bytes += parts[partOf[k]].Utf8At(rows[k]).Length;
        }

        var builder = new Utf8Builder(rows.Length, bytes);
        for (var k = 0; k < rows.Length; k++)
        {
            builder.Add(nulls is not null && nulls[k] ? default : parts[partOf[k]].Utf8At(rows[k]));
        }

        return builder.Build(nulls, parts[0]._decoder!);
    }

    /// <summary>The string of a non-NULL TEXT row, decoding only that row when the vector has not been decoded.</summary>
    public string TextOf(int row) => _texts is null && _utf8 is not null ? _decoder!.Decode(Utf8At(row)) : TextAt(row);

    /// <summary>
    /// The rows' stored bytes copied densely into a new UTF-8 array, decoded on first use by the same
    /// decoder: a join that keeps the rows of a side (or the rows it pairs) does not turn every kept
    /// text into a string when the query reads few of them (tpch-q18's customer names, tpch-q12's
    /// dates that only a filter below the join compares), and group keys above still read bytes.
    /// NULL rows get no bytes.
    /// </summary>
    private ColumnVector GatherUtf8(ReadOnlySpan<int> rows, bool[]? nulls)
    {
        var stored = Utf8Texts;
        var bytes = 0L;
        for (var k = 0; k < rows.Length; k++)
        {
            bytes += nulls is not null && nulls[k] ? 0 : stored[rows[k]].Length;
        }

        var builder = new Utf8Builder(rows.Length, bytes);
        for (var k = 0; k < rows.Length; k++)
        {
            builder.Add(nulls is not null && nulls[k] ? default : stored[rows[k]]);
        }

        return builder.Build(nulls, _decoder!);
    }

    /// <summary>Rows' UTF-8 bytes copied one after another into one Arrow UTF-8 array (NULL rows as no bytes: the vector's nulls say which).</summary>
    private sealed class Utf8Builder
    {
        private readonly byte[] _offsets;
        private readonly byte[] _data;
        private int _row;
        private int _used;

        public Utf8Builder(int rows, long bytes)
        {
            if (bytes > System.Array.MaxLength)
            {
                throw new YodaException("a text column of more than 2 GB in one batch is not supported yet");
            }

            _offsets = new byte[(rows + 1) * sizeof(int)];
            _data = new byte[bytes];
        }

        public void Add(ReadOnlySpan<byte> text)
        {
            text.CopyTo(_data.AsSpan(_used));
            _used += text.Length;
            MemoryMarshal.Cast<byte, int>(_offsets.AsSpan())[++_row] = _used;
        }

        public ColumnVector Build(bool[]? nulls, TextDecoder decoder)
        {
            var array = new StringArray(new ArrayData(
                StringType.Default, _row, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(_offsets), new ArrowBuffer(_data)]));
            return OfUtf8(array, 0, _row, Chunk.AllRows(_row), nulls, decoder);
        }
    }

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
