using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Storage;

/// <summary>
/// Appends storage-model values (see <see cref="ArrowValues"/>, <see cref="StorageValue"/>) to an
/// Arrow array of a fixed type. A value that does not fit the type is a <see cref="YodaException"/>
/// naming the column.
/// </summary>
public abstract class ColumnBuilder
{
    protected ColumnBuilder(string columnName, IArrowType type)
    {
        ColumnName = columnName;
        Type = type;
    }

    public string ColumnName { get; }

    public IArrowType Type { get; }

    public void Append(object? value)
    {
        if (value is not (null or long or double or string or byte[]))
        {
            throw new YodaException($"column {ColumnName}: value {value} is a value of .NET type {value.GetType().Name}");
        }

        Append(StorageValue.FromObject(value));
    }

    public void Append(in StorageValue value)
    {
        var mismatch = value.MismatchFor(Type);
        if (mismatch is not null)
        {
            throw new YodaException($"column {ColumnName}: value {Describe(value)} is {mismatch}");
        }

        AppendChecked(value);
    }

    public abstract IArrowArray Build();

    /// <summary>Appends a value already known to fit the type (see <see cref="StorageValue.MismatchFor"/>).</summary>
    internal abstract void AppendChecked(in StorageValue value);

    public static ColumnBuilder Create(string columnName, IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Int8 => Typed.Of(columnName, type, new Int8Array.Builder(), (b, in v) => b.Append((sbyte)v.Integer), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Int16 => Typed.Of(columnName, type, new Int16Array.Builder(), (b, in v) => b.Append((short)v.Integer), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Int32 => Typed.Of(columnName, type, new Int32Array.Builder(), (b, in v) => b.Append((int)v.Integer), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Int64 => Typed.Of(columnName, type, new Int64Array.Builder(), (b, in v) => b.Append(v.Integer), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.UInt8 => Typed.Of(columnName, type, new UInt8Array.Builder(), (b, in v) => b.Append((byte)v.Integer), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.UInt16 => Typed.Of(columnName, type, new UInt16Array.Builder(), (b, in v) => b.Append((ushort)v.Integer), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.UInt32 => Typed.Of(columnName, type, new UInt32Array.Builder(), (b, in v) => b.Append((uint)v.Integer), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.UInt64 => Typed.Of(columnName, type, new UInt64Array.Builder(), (b, in v) => b.Append((ulong)v.Integer), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.HalfFloat => Typed.Of(columnName, type, new HalfFloatArray.Builder(), (b, in v) => b.Append((Half)AsDouble(v)), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Float => Typed.Of(columnName, type, new FloatArray.Builder(), (b, in v) => b.Append((float)AsDouble(v)), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Double => Typed.Of(columnName, type, new DoubleArray.Builder(), (b, in v) => b.Append(AsDouble(v)), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.String => Typed.Of(columnName, type, new StringArray.Builder(), (b, in v) => b.Append(v.Text), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Boolean => Typed.Of(columnName, type, new BooleanArray.Builder(), (b, in v) => b.Append(v.Integer != 0), b => b.AppendNull(), b => b.Build()),
        ArrowTypeId.Binary => Typed.Of(columnName, type, new BinaryArray.Builder(), (b, in v) => b.Append(v.Blob.AsSpan()), b => b.AppendNull(), b => b.Build()),
        _ => throw new YodaException($"column {columnName}: type {type.Name} is not supported"),
    };

    private static double AsDouble(in StorageValue value) => value.Kind == StorageKind.Integer ? value.Integer : value.Real;

    private static string Describe(in StorageValue value) => value.Kind switch
    {
        StorageKind.Text => "'" + (value.Text.Length > 40 ? value.Text[..40] + "…" : value.Text) + "'",
        _ => value.ToString(),
    };

    private delegate void AppendValue<in TBuilder>(TBuilder builder, in StorageValue value);

    private static class Typed
    {
        public static ColumnBuilder Of<TBuilder>(
            string columnName,
            IArrowType type,
            TBuilder builder,
            AppendValue<TBuilder> append,
            Action<TBuilder> appendNull,
            Func<TBuilder, IArrowArray> build) => new Typed<TBuilder>(columnName, type, builder, append, appendNull, build);
    }

    private sealed class Typed<TBuilder>(
        string columnName,
        IArrowType type,
        TBuilder builder,
        AppendValue<TBuilder> append,
        Action<TBuilder> appendNull,
        Func<TBuilder, IArrowArray> build) : ColumnBuilder(columnName, type)
    {
        internal override void AppendChecked(in StorageValue value)
        {
            if (value.IsNull)
            {
                appendNull(builder);
            }
            else
            {
                append(builder, value);
            }
        }

        public override IArrowArray Build() => build(builder);
    }
}
