using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Storage;

/// <summary>
/// Appends storage-model values (see <see cref="ArrowValues"/>) to an Arrow array of a fixed
/// type. A value that does not fit the type is a <see cref="YodaException"/> naming the column.
/// </summary>
public abstract class ColumnBuilder
{
    protected ColumnBuilder(string columnName) => ColumnName = columnName;

    public string ColumnName { get; }

    public abstract void Append(object? value);

    public abstract IArrowArray Build();

    public static ColumnBuilder Create(string columnName, IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Int8 => new Typed<Int8Array.Builder, Int8Array>(columnName, type, new(), (b, v) => b.Append((sbyte)(long)v), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Int16 => new Typed<Int16Array.Builder, Int16Array>(columnName, type, new(), (b, v) => b.Append((short)(long)v), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Int32 => new Typed<Int32Array.Builder, Int32Array>(columnName, type, new(), (b, v) => b.Append((int)(long)v), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Int64 => new Typed<Int64Array.Builder, Int64Array>(columnName, type, new(), (b, v) => b.Append((long)v), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.UInt8 => new Typed<UInt8Array.Builder, UInt8Array>(columnName, type, new(), (b, v) => b.Append((byte)(long)v), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.UInt16 => new Typed<UInt16Array.Builder, UInt16Array>(columnName, type, new(), (b, v) => b.Append((ushort)(long)v), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.UInt32 => new Typed<UInt32Array.Builder, UInt32Array>(columnName, type, new(), (b, v) => b.Append((uint)(long)v), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.UInt64 => new Typed<UInt64Array.Builder, UInt64Array>(columnName, type, new(), (b, v) => b.Append((ulong)(long)v), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.HalfFloat => new Typed<HalfFloatArray.Builder, HalfFloatArray>(columnName, type, new(), (b, v) => b.Append((Half)AsDouble(v)), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Float => new Typed<FloatArray.Builder, FloatArray>(columnName, type, new(), (b, v) => b.Append((float)AsDouble(v)), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Double => new Typed<DoubleArray.Builder, DoubleArray>(columnName, type, new(), (b, v) => b.Append(AsDouble(v)), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.String => new Typed<StringArray.Builder, StringArray>(columnName, type, new(), (b, v) => b.Append((string)v), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Boolean => new Typed<BooleanArray.Builder, BooleanArray>(columnName, type, new(), (b, v) => b.Append((long)v != 0), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Binary => new Typed<BinaryArray.Builder, BinaryArray>(columnName, type, new(), (b, v) => b.Append(((byte[])v).AsSpan()), b => b.AppendNull(), b => b.Build()),
        _ => throw new YodaException($"column {columnName}: type {type.Name} is not supported"),
    };

    private static double AsDouble(object value) => value is long l ? l : (double)value;

    private sealed class Typed<TBuilder, TArray>(
        string columnName,
        IArrowType type,
        TBuilder builder,
        Action<TBuilder, object> append,
        Action<TBuilder> appendNull,
        Func<TBuilder, TArray> build) : ColumnBuilder(columnName)
        where TArray : IArrowArray
    {
        public override void Append(object? value)
        {
            if (value is null)
            {
                appendNull(builder);
                return;
            }

            var mismatch = ArrowValues.DescribeMismatch(type, value);
            if (mismatch is not null)
            {
                throw new YodaException($"column {ColumnName}: value {Describe(value)} is {mismatch}");
            }

            append(builder, value);
        }

        public override IArrowArray Build() => build(builder);

        private static string Describe(object value) => value switch
        {
            string s => "'" + (s.Length > 40 ? s[..40] + "…" : s) + "'",
            byte[] b => $"blob of {b.Length} bytes",
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?",
        };
    }
}
