using Apache.Arrow;

namespace Yoda.Columnar.Execution;

/// <summary>Collects the selected rows of a plan's chunks into Arrow record batches of at most <see cref="MaxBatchRows"/> rows.</summary>
public static class RecordBatchWriter
{
    public const int MaxBatchRows = 65536;

    public static IReadOnlyList<RecordBatch> Write(Schema schema, IReadOnlyList<ValueKind> kinds, IEnumerable<Chunk> chunks, CancellationToken ct, QueryMemory? memory = null)
    {
        var batches = new List<RecordBatch>();
        var pending = new ChunkAccumulator(kinds, memory);
        void Flush()
        {
            if (pending.RowCount == 0)
            {
                return;
            }

            var columns = pending.ToColumns();
            var arrays = columns.Select((c, i) => ArrowArrayWriter.Write(schema.FieldsList[i].DataType, c));
            batches.Add(new RecordBatch(schema, arrays, pending.RowCount));
            pending = new ChunkAccumulator(kinds, memory);
        }

        foreach (var chunk in chunks)
        {
            ct.ThrowIfCancellationRequested();
            for (var from = 0; from < chunk.RowCount; from += MaxBatchRows)
            {
                var piece = chunk.RowCount <= MaxBatchRows ? chunk : chunk.WithSelection(chunk.Selection[from..Math.Min(chunk.RowCount, from + MaxBatchRows)]);
                if (pending.RowCount + piece.RowCount > MaxBatchRows)
                {
                    Flush();
                }

                pending.Add(piece);
            }
        }

        Flush();
        return batches;
    }
}
