using Apache.Arrow;
using Apache.Arrow.Ipc;
using Yoda.Columnar.Persistence;

namespace Yoda.Columnar.Tests.Persistence;

public class SegmentCodecTests
{
    public static TheoryData<string> Codecs => new() { "arrow", "parquet" };

    private static SegmentCodec Codec(string name) => name == "parquet" ? SegmentCodec.Parquet : SegmentCodec.ArrowIpc;

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Every_type_round_trips_bit_for_bit(string codec)
    {
        foreach (var nullable in new[] { true, false })
        {
            var batch = SampleBatches.Batch(50, nullable);
            var read = Codec(codec).Decode(Codec(codec).Encode(batch), batch.Schema, 50, "f");
            Assert.Equal(SampleBatches.Rows(batch), SampleBatches.Rows(read));
            Assert.Equal(batch.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)),
                read.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)));
        }
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void A_slice_writes_only_its_rows(string codec)
    {
        var batch = SampleBatches.Batch(40);
        var slice = new RecordBatch(batch.Schema, Enumerable.Range(0, batch.ColumnCount).Select(c => ArrowArrayFactory.Slice(batch.Column(c), 13, 20)), 20);
        var read = Codec(codec).Decode(Codec(codec).Encode(slice), batch.Schema, 20, "f");
        Assert.Equal(SampleBatches.Rows(batch).Skip(13).Take(20), SampleBatches.Rows(read));
    }

    [Fact]
    public void Arrow_files_are_plain_arrow_ipc_files()
    {
        var batch = SampleBatches.Batch(10);
        using var reader = new ArrowFileReader(new MemoryStream(SegmentCodec.ArrowIpc.Encode(batch)));
        var read = reader.ReadNextRecordBatch();
        Assert.Equal(SampleBatches.Rows(batch), SampleBatches.Rows(read));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void A_file_of_another_shape_is_refused_naming_the_file(string codec)
    {
        var batch = SampleBatches.Batch(10);
        var content = Codec(codec).Encode(batch);
        var otherSchema = new Schema(batch.Schema.FieldsList.Reverse(), metadata: null);
        Assert.Contains("storage file some/file", Assert.Throws<YodaException>(() => Codec(codec).Decode(content, otherSchema, 10, "some/file")).Message);
        Assert.Contains("10 rows where the manifest records 11", Assert.ThrowsAny<YodaException>(() => Codec(codec).Decode(content, batch.Schema, 11, "some/file")).Message);
        Assert.Contains("some/file", Assert.Throws<YodaException>(() => Codec(codec).Decode(content[..(content.Length / 2)], batch.Schema, 10, "some/file")).Message);
    }
}
