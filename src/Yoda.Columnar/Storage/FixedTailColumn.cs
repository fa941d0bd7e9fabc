using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Storage;

/// <summary>A <see cref="TailColumn"/> of a fixed-width numeric type (integers of every width, reals).</summary>
internal sealed class FixedTailColumn<T> : TailColumn
    where T : unmanaged
{
    private byte[] _values;

    public FixedTailColumn(IArrowType type, int rows, int maxRows)
        : base(type, rows, maxRows)
    {
        _values = GC.AllocateUninitializedArray<byte>(Rows * Unsafe.SizeOf<T>());
    }

    protected override void SetValue(int row, in StorageValue value) =>
        Unsafe.WriteUnaligned(ref _values[row * Unsafe.SizeOf<T>()], From(value));

    protected override void CopyValue(int row, TailColumn source, int sourceRow)
    {
        if (source is FixedTailColumn<T> fixedSource)
        {
            Unsafe.WriteUnaligned(ref _values[row * Unsafe.SizeOf<T>()], fixedSource.Read(sourceRow));
        }
        else
        {
            base.CopyValue(row, source, sourceRow);
        }
    }

    protected override void CopyValue(int row, IArrowArray source, int sourceRow)
    {
        var data = source.Data;
        if (data.DataType.TypeId == Type.TypeId)
        {
            var values = MemoryMarshal.Cast<byte, T>(data.Buffers[1].Span);
            Unsafe.WriteUnaligned(ref _values[row * Unsafe.SizeOf<T>()], values[data.Offset + sourceRow]);
        }
        else
        {
            base.CopyValue(row, source, sourceRow);
        }
    }

    protected override void SetNull(int row) => Unsafe.WriteUnaligned(ref _values[row * Unsafe.SizeOf<T>()], default(T));

    protected override StorageValue GetValue(int row)
    {
        var value = Read(row);
        if (typeof(T) == typeof(double))
        {
            return StorageValue.FromReal(Unsafe.As<T, double>(ref value));
        }

        if (typeof(T) == typeof(float))
        {
            return StorageValue.FromReal(Unsafe.As<T, float>(ref value));
        }

        if (typeof(T) == typeof(Half))
        {
            return StorageValue.FromReal((double)Unsafe.As<T, Half>(ref value));
        }

        return StorageValue.FromInteger(ToLong(value));
    }

    protected override bool ValueMatches(int row, in StorageValue value) => GetValue(row).SameAs(value);

    protected override ArrowBuffer[] Buffers(int length, bool exact) => [Slice(_values, length * Unsafe.SizeOf<T>(), exact)];

    protected override void Resize(int rows) => _values = Resized(_values, rows * Unsafe.SizeOf<T>());

    private T Read(int row) => Unsafe.ReadUnaligned<T>(ref _values[row * Unsafe.SizeOf<T>()]);

    private static T From(in StorageValue value)
    {
        if (typeof(T) == typeof(long))
        {
            var v = value.Integer;
            return Unsafe.As<long, T>(ref v);
        }

        if (typeof(T) == typeof(double))
        {
            var v = value.Kind == StorageKind.Integer ? value.Integer : value.Real;
            return Unsafe.As<double, T>(ref v);
        }

        if (typeof(T) == typeof(float))
        {
            var v = (float)(value.Kind == StorageKind.Integer ? value.Integer : value.Real);
            return Unsafe.As<float, T>(ref v);
        }

        if (typeof(T) == typeof(Half))
        {
            var v = (Half)(value.Kind == StorageKind.Integer ? value.Integer : value.Real);
            return Unsafe.As<Half, T>(ref v);
        }

        var bits = value.Integer; // the narrower integers: in range (checked), the low bytes of a little-endian long
        return Unsafe.As<long, T>(ref bits);
    }

    private static long ToLong(T value)
    {
        if (typeof(T) == typeof(long) || typeof(T) == typeof(ulong))
        {
            return Unsafe.As<T, long>(ref value);
        }

        if (typeof(T) == typeof(int))
        {
            return Unsafe.As<T, int>(ref value);
        }

        if (typeof(T) == typeof(short))
        {
            return Unsafe.As<T, short>(ref value);
        }

        if (typeof(T) == typeof(sbyte))
        {
            return Unsafe.As<T, sbyte>(ref value);
        }

        if (typeof(T) == typeof(uint))
        {
            return Unsafe.As<T, uint>(ref value);
        }

        if (typeof(T) == typeof(ushort))
        {
            return Unsafe.As<T, ushort>(ref value);
        }

        return Unsafe.As<T, byte>(ref value);
    }
}
