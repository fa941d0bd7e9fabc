using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Storage;

/// <summary>A <see cref="TailColumn"/> of booleans (one bit per row; 0/1 integers in the storage model).</summary>
internal sealed class BooleanTailColumn : TailColumn
{
    private byte[] _bits;

    public BooleanTailColumn(IArrowType type, int rows, int maxRows)
        : base(type, rows, maxRows)
    {
        _bits = new byte[BitmapBytes(Rows)];
    }

    protected override void SetValue(int row, in StorageValue value) => SetBit(_bits, row, value.Integer != 0);

    protected override void SetNull(int row) => SetBit(_bits, row, false);

    protected override StorageValue GetValue(int row) => StorageValue.FromInteger(Bit(_bits, row) ? 1 : 0);

    protected override bool ValueMatches(int row, in StorageValue value) => GetValue(row).SameAs(value);

    protected override ArrowBuffer[] Buffers(int length, bool exact) => [Slice(_bits, BitmapBytes(length), exact)];

    protected override void Resize(int rows) => _bits = Resized(_bits, BitmapBytes(rows));
}
