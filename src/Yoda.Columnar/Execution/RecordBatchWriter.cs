using Apache.Arrow;
using Apache.Arrow.Types;

namespace Yoda.Columnar.Execution;

/// <summary>
/// Collects the selected rows of a plan's chunks into Arrow record batches of at most <see cref="MaxBatchRows"/> rows
/// (small chunks are gathered into one batch, a chunk of more than <see cref="Chunk.Capacity"/> rows gets batches of its own).
/// A <see cref="ValueKind.Dynamic"/> column takes its Arrow type from its values over the whole
/// result, as an OLTP result does: only INTEGERs (or NULLs) Int64, REALs with or without INTEGERs
/// Double, only BLOBs Binary, anything else String (numbers rendered as .NET's round-trip format,
/// blobs as hexadecimal).
/// </summary>
public static class RecordBatchWriter
{
    public const int MaxBatchRows = 65536;

    public static IReadOnlyList<RecordBatch> Write(Schema schema, IReadOnlyList<ValueKind> kinds, IEnumerable<Chunk> chunks, CancellationToken ct, QueryMemory? memory = null) =>
        WriteWithSchema(schema, kinds, chunks, ct, memory).Batches;

    /// <summary>
    /// Writes the rows and returns them with the schema they have: <paramref name="schema"/> with the
    /// type of each dynamic column resolved. With <paramref name="keepClasses"/>, a dynamic column
    /// whose values mix storage classes is written as a <see cref="DynamicArrowColumn"/>, which keeps
    /// each row's class (for in-memory tables that are scanned again).
    /// </summary>
    public static (Schema Schema, IReadOnlyList<RecordBatch> Batches) WriteWithSchema(
        Schema schema, IReadOnlyList<ValueKind> kinds, IEnumerable<Chunk> chunks, CancellationToken ct, QueryMemory? memory = null, bool keepClasses = false)
    {
        var parts = new List<(ColumnVector[] Columns, int Rows)>();
        var hasDynamic = kinds.Contains(ValueKind.Dynamic);
        var batches = new List<RecordBatch>();
        var pending = new ChunkAccumulator(kinds, memory);
        void Flush()
        {
            if (pending.RowCount == 0)
            {
                return;
            }

            var columns = pending.ToColumns();
            if (hasDynamic)
            {
                parts.Add((columns, pending.RowCount));
            }
            else
            {
                var arrays = columns.Select((c, i) => ArrowArrayWriter.Write(schema.FieldsList[i].DataType, c));
                batches.Add(new RecordBatch(schema, arrays, pending.RowCount));
            }

            pending = new ChunkAccumulator(kinds, memory);
        }

        foreach (var chunk in chunks)
        {
            ct.ThrowIfCancellationRequested();
            if (chunk.RowCount > Chunk.Capacity && !hasDynamic)
            {
                Flush();
                WriteDirect(schema, chunk, batches, memory);
                continue;
            }

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
        if (!hasDynamic)
        {
            return (schema, batches);
        }

        var resolved = Resolve(schema, kinds, parts.Select(p => p.Columns).ToList(), keepClasses);
        foreach (var (columns, rows) in parts)
        {
            var arrays = columns.Select((c, i) => ArrowArrayWriter.Write(resolved.FieldsList[i].DataType, c));
            batches.Add(new RecordBatch(resolved, arrays, rows));
        }

        return (resolved, batches);
    }

    /// <summary>
    /// A large chunk (a materialised result: groups, sorted rows) in batches of its own, written
    /// straight from its vectors without gathering them first: stored text is copied as bytes.
    /// </summary>
    private static void WriteDirect(Schema schema, Chunk chunk, List<RecordBatch> batches, QueryMemory? memory)
    {
        if (memory is { Counts: true })
        {
            memory.Reserve(QueryMemory.BytesOf(chunk));
        }

        for (var from = 0; from < chunk.RowCount; from += MaxBatchRows)
        {
            var rows = chunk.RowCount <= MaxBatchRows ? chunk.Selection : chunk.Selection[from..Math.Min(chunk.RowCount, from + MaxBatchRows)];
            var arrays = schema.FieldsList.Select((field, c) => ArrowArrayWriter.Write(field.DataType, chunk.Columns[c], rows));
            batches.Add(new RecordBatch(schema, arrays, rows.Length));
        }
    }

    private static Schema Resolve(Schema schema, IReadOnlyList<ValueKind> kinds, List<ColumnVector[]> parts, bool keepClasses)
    {
        var fields = schema.FieldsList.Select((field, c) => kinds[c] != ValueKind.Dynamic
            ? field
            : new Field(field.Name, ArrowTypeOf(parts.Select(p => p[c]), keepClasses), nullable: true));
        return new Schema(fields, schema.Metadata);
    }

    private static IArrowType ArrowTypeOf(IEnumerable<ColumnVector> vectors, bool keepClasses)
    {
        bool integer = false, real = false, text = false, blob = false;
        foreach (var vector in vectors)
        {
            var values = vector.Dynamic;
            for (var i = 0; i < vector.Length; i++)
            {
                if (!vector.IsNull(i))
                {
                    switch (values.Kinds[i])
                    {
                        case ValueKind.Integer: integer = true; break;
                        case ValueKind.Real: real = true; break;
                        case ValueKind.Text: text = true; break;
                        default: blob = true; break;
                    }
                }
            }
        }

        var classes = (integer ? 1 : 0) + (real ? 1 : 0) + (text ? 1 : 0) + (blob ? 1 : 0);
        if (keepClasses && classes > 1)
        {
            return DynamicArrowColumn.Type;
        }

        return blob && classes == 1 ? BinaryType.Default
            : text || blob ? StringType.Default
            : real ? DoubleType.Default
            : Int64Type.Default;
    }
}
