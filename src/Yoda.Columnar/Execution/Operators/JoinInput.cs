using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>Reads the side of a join that is held in memory.</summary>
internal static class JoinInput
{
    /// <summary>
    /// All the rows of <paramref name="input"/>, in its order. When the input offers morsels they run on
    /// up to <paramref name="degree"/> threads, each gathering its own rows densely, and are kept in
    /// morsel order, so the rows and their parts are the same for every degree (a degree of 1 runs the
    /// morsels one after another on this thread). A morsel's rows count against the query's memory as
    /// they are gathered, on the worker, so those waiting in the run's look-ahead window count too
    /// (and are given back if the read stops before taking them).
    /// </summary>
    public static ChunkAccumulator Read(PhysicalOperator input, int degree, QueryMemory? memory, CancellationToken ct)
    {
        var rows = new ChunkAccumulator(input.OutputKinds, memory);
        if (input.OpenMorsels(ct) is { } source)
        {
            var counted = memory is { Counts: true } ? memory : null;
            var morsels = OrderedMorsels.Run(
                source.Count, degree, (m, token) => Compacted(source.Execute(m, token), counted), ct, discard: parts => counted?.Release(parts.Sum(p => p.Bytes)));
            foreach (var parts in morsels)
            {
                foreach (var (columns, rowCount, bytes) in parts)
                {
                    rows.AddCounted(columns, rowCount, bytes);
                }
            }

            return rows;
        }

        foreach (var chunk in input.Execute(ct).Where(chunk => chunk.RowCount > 0))
        {
            rows.AddCounted(Dense(chunk), chunk.RowCount, Count(chunk, memory is { Counts: true } ? memory : null));
        }

        return rows;
    }

    /// <summary>
    /// The chunk's rows as dense columns: its own columns when it selects every row in order (a scan without
    /// a filter, a join's output; they are only read from here on, and <see cref="ChunkAccumulator.ToColumns"/>
    /// copies them anyway), else its selected rows gathered. Pooled vectors go back to their pool once consumed,
    /// so they are always gathered.
    /// </summary>
    private static ColumnVector[] Dense(Chunk chunk) => SelectsAll(chunk) ? chunk.Columns : ChunkAccumulator.Compact(chunk);

    private static bool SelectsAll(Chunk chunk)
    {
        var selection = chunk.Selection;
        if (selection.Length != chunk.PhysicalLength || chunk.Columns.Any(c => c.IsPooled || c.Length != chunk.PhysicalLength))
        {
            return false;
        }

        for (var k = 0; k < selection.Length; k++)
        {
            if (selection[k] != k)
            {
                return false;
            }
        }

        return true;
    }

    private static long Count(Chunk chunk, QueryMemory? counted)
    {
        var bytes = counted is null ? 0 : QueryMemory.BytesOf(chunk);
        counted?.Reserve(bytes);
        return bytes;
    }

    /// <summary>The morsel's rows gathered densely, each part with the bytes it counted (given back if gathering fails part way).</summary>
    private static List<(ColumnVector[] Columns, int Rows, long Bytes)> Compacted(IEnumerable<Chunk> chunks, QueryMemory? memory)
    {
        var parts = new List<(ColumnVector[] Columns, int Rows, long Bytes)>();
        try
        {
            foreach (var chunk in chunks.Where(chunk => chunk.RowCount > 0))
            {
                var bytes = memory is null ? 0 : QueryMemory.BytesOf(chunk);
                parts.Add((Dense(chunk), chunk.RowCount, bytes));
                memory?.Reserve(bytes);
            }
        }
        catch
        {
            memory?.Release(parts.Sum(p => p.Bytes));
            throw;
        }

        return parts;
    }
}
