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
    private readonly byte[] _offsets;
    private readonly byte[] _data;
    private int _row;
    private int _used;

    /// <param name="rows">Rows the vector will have.</param>
    /// <param name="bytes">Their UTF-8 bytes in all.</param>
    public Utf8VectorBuilder(int rows, int bytes)
    {
        _offsets = new byte[(rows + 1) * sizeof(int)];
        _data = new byte[bytes];
    }

    /// <summary>Space for the next row's bytes (an empty span for a NULL row).</summary>
    public Span<byte> Next(int length)
    {
        var bytes = _data.AsSpan(_used, length);
        _used += length;
        MemoryMarshal.Cast<byte, int>(_offsets.AsSpan())[++_row] = _used;
        return bytes;
    }

    /// <summary>The vector, of the table column <paramref name="column"/> stands for when given (<see cref="ColumnVector.StoredUtf8Column"/>).</summary>
    public ColumnVector Build(bool[]? nulls, object? column = null)
    {
        var array = new StringArray(new ArrayData(
            StringType.Default, _row, 0, 0, [ArrowBuffer.Empty, new ArrowBuffer(_offsets), new ArrowBuffer(_data.AsMemory(0, _used))]));
        return ColumnVector.OfUtf8(array, 0, _row, Chunk.AllRows(_row), nulls, new TextDecoder(), column);
    }
}
