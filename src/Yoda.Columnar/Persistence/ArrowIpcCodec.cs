using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Yoda.Columnar.Persistence;

/// <summary>Arrow IPC files (<see cref="ArrowFileWriter"/>): readable by any Arrow implementation.</summary>
internal sealed class ArrowIpcCodec : SegmentCodec
{
    public override string Extension => ".arrow";

    public override byte[] Encode(RecordBatch batch)
    {
        using var buffer = new MemoryStream();
        using (var writer = new ArrowFileWriter(buffer, batch.Schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        return buffer.ToArray();
    }

    public override RecordBatch Decode(byte[] content, Schema expected, int rows, string path)
    {
        try
        {
            using var reader = new ArrowFileReader(new MemoryStream(content, writable: false));
            var batch = reader.ReadNextRecordBatch()
                ?? throw new YodaException($"storage file {path} is damaged: it holds no record batch");
            CheckShape(batch.Schema, expected, batch.Length, rows, path);
            return new RecordBatch(expected, Enumerable.Range(0, batch.ColumnCount).Select(batch.Column), batch.Length);
        }
        catch (Exception e) when (e is not YodaException)
        {
            throw new YodaException($"storage file {path} is damaged: not a readable Arrow IPC file ({e.Message})", e);
        }
    }
}
