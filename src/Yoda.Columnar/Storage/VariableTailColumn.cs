using System.Runtime.CompilerServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Storage;

/// <summary>A <see cref="TailColumn"/> of text (stored as UTF-8) or binary values: 32-bit offsets and a data buffer.</summary>
internal sealed class VariableTailColumn : TailColumn
{
    private const int InitialBytesPerRow = 16;

    private readonly bool _text;
    private byte[] _offsets;
    private byte[] _data;

    public VariableTailColumn(IArrowType type, int rows, int maxRows)
        : base(type, rows, maxRows)
    {
        _text = type.TypeId == ArrowTypeId.String;
        _offsets = new byte[(Rows + 1) * sizeof(int)];
        _data = GC.AllocateUninitializedArray<byte>(Rows * InitialBytesPerRow);
    }

    protected override void SetValue(int row, in StorageValue value)
    {
        var start = Offset(row);
        int length;
        if (_text)
        {
            var text = value.Text;
            Reserve(start, Encoding.UTF8.GetMaxByteCount(text.Length));
            length = Encoding.UTF8.GetBytes(text, _data.AsSpan(start));
        }
        else
        {
            var blob = value.Blob;
            Reserve(start, blob.Length);
            blob.CopyTo(_data, start);
            length = blob.Length;
        }

        SetOffset(row + 1, checked(start + length));
    }

    protected override void CopyValue(int row, TailColumn source, int sourceRow)
    {
        if (source is VariableTailColumn { _text: var text } variable && text == _text)
        {
            SetBytes(row, variable.Bytes(sourceRow));
        }
        else
        {
            base.CopyValue(row, source, sourceRow);
        }
    }

    protected override void CopyValue(int row, IArrowArray source, int sourceRow)
    {
        if (source is BinaryArray binary && (source is StringArray) == _text)
        {
            SetBytes(row, binary.GetBytes(sourceRow));
        }
        else
        {
            base.CopyValue(row, source, sourceRow);
        }
    }

    protected override void SetNull(int row) => SetOffset(row + 1, Offset(row));

    protected override StorageValue GetValue(int row) =>
        _text ? StorageValue.FromText(Encoding.UTF8.GetString(Bytes(row))) : StorageValue.FromBlob(Bytes(row).ToArray());

    protected override bool ValueMatches(int row, in StorageValue value) => _text
        ? value.Kind == StorageKind.Text && ArrowValues.TextMatches(Bytes(row), value.Text)
        : value.Kind == StorageKind.Blob && Bytes(row).SequenceEqual(value.Blob);

    protected override ArrowBuffer[] Buffers(int length, bool exact) =>
        [Slice(_offsets, (length + 1) * sizeof(int), exact), Slice(_data, Offset(length), exact)];

    protected override void Resize(int rows) => _offsets = Resized(_offsets, (rows + 1) * sizeof(int));

    /// <summary>Stores encoded bytes; <paramref name="bytes"/> may lie in this column's own buffer (growing keeps the old one alive).</summary>
    private void SetBytes(int row, ReadOnlySpan<byte> bytes)
    {
        var start = Offset(row);
        Reserve(start, bytes.Length);
        bytes.CopyTo(_data.AsSpan(start));
        SetOffset(row + 1, checked(start + bytes.Length));
    }

    private ReadOnlySpan<byte> Bytes(int row) => _data.AsSpan(Offset(row), Offset(row + 1) - Offset(row));

    private int Offset(int row) => Unsafe.ReadUnaligned<int>(ref _offsets[row * sizeof(int)]);

    private void SetOffset(int row, int offset) => Unsafe.WriteUnaligned(ref _offsets[row * sizeof(int)], offset);

    private void Reserve(int start, int bytes)
    {
        var needed = (long)start + bytes;
        if (needed > _data.Length)
        {
            var grown = Math.Max(needed, Math.Min((long)_data.Length * 2, System.Array.MaxLength));
            if (grown > System.Array.MaxLength)
            {
                throw new YodaException($"a segment's {Type.Name} values exceed {System.Array.MaxLength:N0} bytes");
            }

            var data = GC.AllocateUninitializedArray<byte>((int)grown);
            _data.AsSpan(0, start).CopyTo(data);
            _data = data;
        }
    }
}
