using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using static Yoda.Columnar.Tests.Execution.VectorBuilders;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>The Arrow layout of an in-memory table's column whose storage class varies per row.</summary>
public sealed class DynamicArrowColumnTests
{
    [Fact]
    public void Rows_read_back_with_their_classes_and_nulls()
    {
        var array = DynamicArrowColumn.Write(Dynamic(1L, 2.5, "x", null, 1.0, "", -7L));
        Assert.Equal(ValueKind.Dynamic, ArrowColumnReader.KindOf(array.Data.DataType));
        var read = ArrowColumnReader.Read(array, 0, 7, Chunk.AllRows(7), new TextDecoder());
        Assert.Equal(ValueKind.Dynamic, read.Kind);
        Assert.Equal([1L, 2.5, "x", null, 1.0, "", -7L], Values(read, [0, 1, 2, 3, 4, 5, 6]));
    }

    [Fact]
    public void Blob_rows_read_back_as_blobs()
    {
        var array = DynamicArrowColumn.Write(Dynamic(new byte[] { 1, 2 }, "x", null, new byte[0], 4L));
        var read = ArrowColumnReader.Read(array, 0, 5, Chunk.AllRows(5), new TextDecoder());
        Assert.Equal([new byte[] { 1, 2 }, "x", null, new byte[0], 4L], Values(read, [0, 1, 2, 3, 4]));
        Assert.Equal(ValueKind.Blob, read.KindAt(3));
    }

    [Fact]
    public void A_row_range_reads_only_the_selected_rows()
    {
        var array = DynamicArrowColumn.Write(Dynamic("a", 2L, null, 3.5, "b"));
        var read = ArrowColumnReader.Read(array, 1, 4, [1, 3], new TextDecoder());
        Assert.Equal([null, "b"], Values(read, [1, 3]));
    }

    [Fact]
    public void Another_union_is_not_a_dynamic_column()
    {
        var union = new UnionType([new Field("a", Int32Type.Default, true)], [0], UnionMode.Dense);
        Assert.False(DynamicArrowColumn.Is(union));
        Assert.Throws<YodaException>(() => ArrowColumnReader.KindOf(union));
    }
}
