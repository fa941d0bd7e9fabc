using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Execution;

/// <summary>
/// How an in-memory table (a subquery in FROM, a CTE, a view) stores a column whose storage class
/// varies from row to row: an Arrow dense union of Int64 (type id 0, which also holds the NULL rows),
/// Double (1), String (2) and Binary (3). Scanned, it reads back as a <see cref="ValueKind.Dynamic"/> vector with
/// each row's class.
/// </summary>
public static class DynamicArrowColumn
{
    private const byte IntegerId = 0;
    private const byte RealId = 1;
    private const byte TextId = 2;
    private const byte BlobId = 3;

    public static UnionType Type { get; } = new(
        [new Field("integer", Int64Type.Default, true), new Field("real", DoubleType.Default, true), new Field("text", StringType.Default, true), new Field("blob", BinaryType.Default, true)],
        [IntegerId, RealId, TextId, BlobId],
        UnionMode.Dense);

    /// <summary>Whether an Arrow type is this layout (any other union is not a column type Yoda reads).</summary>
    public static bool Is(IArrowType type) =>
        type is UnionType { Mode: UnionMode.Dense } union
        && union.Fields.Select(f => f.DataType.TypeId).SequenceEqual([ArrowTypeId.Int64, ArrowTypeId.Double, ArrowTypeId.String, ArrowTypeId.Binary])
        && union.TypeIds.SequenceEqual([IntegerId, RealId, TextId, BlobId]);

    /// <summary>A dense dynamic vector as a union array.</summary>
    public static IArrowArray Write(ColumnVector vector)
    {
        var values = vector.Dynamic;
        var n = vector.Length;
        var ids = new byte[n];
        var offsets = new int[n];
        var counts = new int[4];
        for (var i = 0; i < n; i++)
        {
            ids[i] = vector.IsNull(i) ? IntegerId : IdOf(values.Kinds[i]);
            offsets[i] = counts[ids[i]]++;
        }

        var longs = new long[counts[IntegerId]];
        var nulls = new bool[counts[IntegerId]];
        var doubles = new double[counts[RealId]];
        var texts = new string[counts[TextId]];
        var blobs = new byte[counts[BlobId]][];
        for (var i = 0; i < n; i++)
        {
            switch (ids[i])
            {
                case IntegerId when vector.IsNull(i): nulls[offsets[i]] = true; break;
                case IntegerId: longs[offsets[i]] = values.Longs[i]; break;
                case RealId: doubles[offsets[i]] = values.Doubles[i]; break;
                case TextId: texts[offsets[i]] = values.Texts[i]; break;
                default: blobs[offsets[i]] = values.Blobs[i]; break;
            }
        }

        IArrowArray[] children =
        [
            ArrowArrayWriter.Write(Int64Type.Default, ColumnVector.OfLongs(longs, nulls)),
            ArrowArrayWriter.Write(DoubleType.Default, ColumnVector.OfDoubles(doubles, null)),
            ArrowArrayWriter.Write(StringType.Default, ColumnVector.OfTexts(texts, null)),
            ArrowArrayWriter.Write(BinaryType.Default, ColumnVector.OfBlobs(blobs, null)),
        ];
        var nullCount = vector.Nulls is null ? 0 : vector.Nulls.AsSpan(0, n).Count(true);
        return new DenseUnionArray(Type, n, children, new ArrowBuffer(ids), new ArrowBuffer(MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray()), nullCount);
    }

    /// <summary>Rows <paramref name="start"/> .. + <paramref name="length"/>; only the <paramref name="selected"/> rows are decoded.</summary>
    public static ColumnVector Read(DenseUnionArray array, int start, int length, int[] selected, TextDecoder decoder)
    {
        var values = new DynamicValues(length);
        var nulls = array.NullCount == 0 ? null : new bool[length];
        var ids = array.TypeIds;
        var offsets = array.ValueOffsets;
        var longs = (Int64Array)array.Fields[IntegerId];
        var doubles = (DoubleArray)array.Fields[RealId];
        var texts = (StringArray)array.Fields[TextId];
        var blobs = (BinaryArray)array.Fields[BlobId];
        var first = array.Offset + start;
        foreach (var i in selected)
        {
            var at = offsets[first + i];
            switch (ids[first + i])
            {
                case IntegerId when longs.IsNull(at): nulls![i] = true; break;
                case IntegerId: values.SetLong(i, longs.Values[at]); break;
                case RealId: values.SetDouble(i, doubles.Values[at]); break;
                case TextId: values.SetText(i, decoder.Decode(texts.GetBytes(at))); break;
                default: values.SetBlob(i, blobs.GetBytes(at).ToArray()); break;
            }
        }

        return ColumnVector.OfDynamic(values, nulls);
    }

    private static byte IdOf(ValueKind kind) => kind switch
    {
        ValueKind.Integer => IntegerId,
        ValueKind.Real => RealId,
        ValueKind.Text => TextId,
        _ => BlobId,
    };
}
