using System.Numerics;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Storage;

/// <summary>
/// One column of a table's open (last, not yet full) segment, in growable Arrow buffers that the
/// published snapshots share read-only: a snapshot's array is a slice of the buffers up to its
/// length, so a later cycle appends only its own rows, after every published length.
/// </summary>
/// <remarks>
/// Rows below a published length are never written again: a writer starts at the published
/// length and a writer that fails leaves only bytes past it, which the next one overwrites.
/// Growing copies into new buffers, so earlier snapshots keep the old ones. Values given to
/// <see cref="Set"/> are already checked against the column's type.
/// </remarks>
internal abstract class TailColumn
{
    private const int InitialRows = 1024;

    private readonly int _maxRows;
    private byte[]? _validity;

    protected TailColumn(IArrowType type, int rows, int maxRows)
    {
        Type = type;
        _maxRows = maxRows;
        Rows = Math.Min(Math.Max(rows, InitialRows), maxRows);
    }

    public IArrowType Type { get; }

    /// <summary>Rows the buffers hold now.</summary>
    protected int Rows { get; private set; }

    /// <summary>A column of <paramref name="type"/> with room for <paramref name="rows"/> rows now and <paramref name="maxRows"/> at most.</summary>
    public static TailColumn Create(IArrowType type, int rows, int maxRows) => type.TypeId switch
    {
        ArrowTypeId.Int64 => new FixedTailColumn<long>(type, rows, maxRows),
        ArrowTypeId.Int32 => new FixedTailColumn<int>(type, rows, maxRows),
        ArrowTypeId.Int16 => new FixedTailColumn<short>(type, rows, maxRows),
        ArrowTypeId.Int8 => new FixedTailColumn<sbyte>(type, rows, maxRows),
        ArrowTypeId.UInt64 => new FixedTailColumn<ulong>(type, rows, maxRows),
        ArrowTypeId.UInt32 => new FixedTailColumn<uint>(type, rows, maxRows),
        ArrowTypeId.UInt16 => new FixedTailColumn<ushort>(type, rows, maxRows),
        ArrowTypeId.UInt8 => new FixedTailColumn<byte>(type, rows, maxRows),
        ArrowTypeId.Double => new FixedTailColumn<double>(type, rows, maxRows),
        ArrowTypeId.Float => new FixedTailColumn<float>(type, rows, maxRows),
        ArrowTypeId.HalfFloat => new FixedTailColumn<Half>(type, rows, maxRows),
        ArrowTypeId.Boolean => new BooleanTailColumn(type, rows, maxRows),
        ArrowTypeId.String or ArrowTypeId.Binary => new VariableTailColumn(type, rows, maxRows),
        _ => throw new YodaException($"columns of type {type.Name} are not supported"),
    };

    /// <summary>Writes the value of row <paramref name="row"/>; rows are written in order, each after the one before.</summary>
    public void Set(int row, in StorageValue value)
    {
        if (value.IsNull)
        {
            SetNullRow(row);
        }
        else
        {
            StartValue(row);
            SetValue(row, value);
        }
    }

    /// <summary>Writes row <paramref name="row"/> as a copy of row <paramref name="sourceRow"/> of <paramref name="source"/>, a column of the same type.</summary>
    public void CopyRow(int row, TailColumn source, int sourceRow)
    {
        if (source.IsNull(sourceRow))
        {
            SetNullRow(row);
        }
        else
        {
            StartValue(row);
            CopyValue(row, source, sourceRow);
        }
    }

    /// <summary>As above, from a published Arrow array of the same type.</summary>
    public void CopyRow(int row, IArrowArray source, int sourceRow)
    {
        if (source.IsNull(sourceRow))
        {
            SetNullRow(row);
        }
        else
        {
            StartValue(row);
            CopyValue(row, source, sourceRow);
        }
    }

    public StorageValue Get(int row) => IsNull(row) ? default : GetValue(row);

    /// <summary>Whether row <paramref name="row"/> holds exactly <paramref name="value"/> (see <see cref="StorageValue.SameAs"/>).</summary>
    public bool Matches(int row, in StorageValue value) =>
        IsNull(row) || value.IsNull ? IsNull(row) && value.IsNull : ValueMatches(row, value);

    /// <summary>
    /// Rows 0 to <paramref name="length"/> - 1 as an Arrow array sharing these buffers. With
    /// <paramref name="exact"/> (a segment being sealed) the array gets buffers of its own, trimmed.
    /// </summary>
    public IArrowArray Build(int length, bool exact = false)
    {
        var nulls = _validity is null ? 0 : length - CountSet(_validity, length);
        var validity = nulls == 0 ? ArrowBuffer.Empty : Slice(_validity!, (length + 7) >> 3, exact);
        return ArrowArrayFactory.BuildArray(new ArrayData(Type, length, nulls, 0, [validity, .. Buffers(length, exact)]));
    }

    /// <summary>A column holding the rows of <paramref name="array"/>, to append to (an open segment that was not built here).</summary>
    public static TailColumn CopyOf(IArrowArray array, int maxRows)
    {
        var column = Create(array.Data.DataType, array.Length, maxRows);
        for (var row = 0; row < array.Length; row++)
        {
            column.Set(row, ArrowValues.GetValue(array, row));
        }

        return column;
    }

    protected abstract void SetValue(int row, in StorageValue value);

    /// <summary>Copies a non-NULL value; columns that can copy their encoding directly override this.</summary>
    protected virtual void CopyValue(int row, TailColumn source, int sourceRow) => SetValue(row, source.GetValue(sourceRow));

    protected virtual void CopyValue(int row, IArrowArray source, int sourceRow) => SetValue(row, ArrowValues.GetValue(source, sourceRow));

    protected abstract void SetNull(int row);

    protected abstract StorageValue GetValue(int row);

    protected abstract bool ValueMatches(int row, in StorageValue value);

    /// <summary>The value buffers (after the validity bitmap) for rows 0 to <paramref name="length"/> - 1.</summary>
    protected abstract ArrowBuffer[] Buffers(int length, bool exact);

    /// <summary>Copies the buffers into larger ones holding <paramref name="rows"/> rows.</summary>
    protected abstract void Resize(int rows);

    protected static ArrowBuffer Slice(byte[] buffer, int bytes, bool exact) =>
        new(exact && bytes < buffer.Length ? buffer.AsSpan(0, bytes).ToArray() : buffer.AsMemory(0, bytes));

    protected static byte[] Resized(byte[] buffer, int bytes)
    {
        var grown = GC.AllocateUninitializedArray<byte>(bytes);
        buffer.CopyTo(grown, 0);
        return grown;
    }

    protected static int BitmapBytes(int rows) => (rows + 7) >> 3;

    protected static bool Bit(byte[] bits, int row) => ((bits[row >> 3] >> (row & 7)) & 1) != 0;

    protected static void SetBit(byte[] bits, int row, bool set)
    {
        ref var b = ref bits[row >> 3];
        var mask = (byte)(1 << (row & 7));
        b = set ? (byte)(b | mask) : (byte)(b & ~mask);
    }

    private bool IsNull(int row) => _validity is not null && !Bit(_validity, row);

    private void SetNullRow(int row)
    {
        Reach(row);
        SetValidity(row, false);
        SetNull(row);
    }

    private void StartValue(int row)
    {
        Reach(row);
        if (_validity is not null)
        {
            SetValidity(row, true);
        }
    }

    private void Reach(int row)
    {
        if (row >= Rows)
        {
            Grow(row + 1);
        }
    }

    private void SetValidity(int row, bool valid)
    {
        if (_validity is null)
        {
            // The first NULL: every row before it was valid.
            _validity = new byte[BitmapBytes(Rows)];
            _validity.AsSpan().Fill(0xFF);
        }

        SetBit(_validity, row, valid);
    }

    private void Grow(int rows)
    {
        if (rows > _maxRows)
        {
            throw new InvalidOperationException($"a segment holds {_maxRows} rows");
        }

        var grown = Math.Min(Math.Max(rows, Rows * 2), _maxRows);
        Resize(grown);
        if (_validity is not null)
        {
            _validity = Resized(_validity, BitmapBytes(grown));
        }

        Rows = grown;
    }

    private static int CountSet(byte[] bits, int length)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bits.AsSpan(0, (length >> 6) * 8));
        var count = 0;
        foreach (var word in words)
        {
            count += BitOperations.PopCount(word);
        }

        for (var row = words.Length * 64; row < length; row++)
        {
            count += Bit(bits, row) ? 1 : 0;
        }

        return count;
    }
}
