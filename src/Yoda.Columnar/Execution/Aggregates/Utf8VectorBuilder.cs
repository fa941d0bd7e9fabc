using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Builds a TEXT vector in storage form (<see cref="ColumnVector.HasUtf8"/>): the rows' UTF-8 bytes
/// copied one after another into one Arrow UTF-8 array, so that a result column of group keys is
/// written without a string per row. A parent that needs strings decodes them on first use.
/// </summary>
internal sealed class Utf8VectorBuilder
{
    /// <summary>Bytes that <see cref="AppendWords"/> reads past a row's source and writes past its end.</summary>
    public const int WordPadding = sizeof(ulong);

    private readonly byte[] _offsets;
    private readonly byte[] _data;
    private int _row;
    private int _used;

    /// <param name="rows">Rows the vector will have.</param>
    /// <param name="bytes">Their UTF-8 bytes in all.</param>
    public Utf8VectorBuilder(int rows, int bytes)
    {
        if (bytes > System.Array.MaxLength - WordPadding)
        {
            throw new YodaException("a text result column of more than 2 GB is not supported yet");
        }

        // Every byte the array exposes is written before it is read (offset 0 here, the others by each row).
        _offsets = GC.AllocateUninitializedArray<byte>((rows + 1) * sizeof(int));
        MemoryMarshal.Cast<byte, int>(_offsets.AsSpan())[0] = 0;
        _data = GC.AllocateUninitializedArray<byte>(bytes + WordPadding);
    }

    /// <summary>Space for the next row's bytes (an empty span for a NULL row).</summary>
    public Span<byte> Next(int length)
    {
        var bytes = _data.AsSpan(_used, length);
        _used += length;
        MemoryMarshal.Cast<byte, int>(_offsets.AsSpan())[++_row] = _used;
        return bytes;
    }

    /// <summary>
    /// The next row's bytes, <paramref name="length"/> of them from <paramref name="start"/> in <paramref name="source"/>,
    /// copied eight at a time: a few bytes' copy costs one or two word moves instead of a call to Memmove. The source
    /// must hold <see cref="WordPadding"/> bytes past the row's; the bytes written past the row's end are overwritten
    /// by the next row's or lie past the array's data.
    /// </summary>
    public void AppendWords(byte[] source, int start, int length)
    {
        var data = _data;
        var used = _used;
        for (var i = 0; i < length; i += sizeof(ulong))
        {
            MemoryMarshal.Write(data.AsSpan(used + i), MemoryMarshal.Read<ulong>(source.AsSpan(start + i)));
        }

        _used = used + length;
        MemoryMarshal.Cast<byte, int>(_offsets.AsSpan())[++_row] = _used;
    }

    /// <summary>The vector, of the table column <paramref name="column"/> stands for when given (<see cref="ColumnVector.StoredUtf8Column"/>).</summary>
    public ColumnVector Build(bool[]? nulls, object? column = null)
    {
        var array = new StringArray(new ArrayData(
            StringType.Default, _row, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(_offsets), new ArrowBuffer(_data.AsMemory(0, _used))]));
        return ColumnVector.OfUtf8(array, 0, _row, Chunk.AllRows(_row), nulls, new TextDecoder(), column);
    }
}
