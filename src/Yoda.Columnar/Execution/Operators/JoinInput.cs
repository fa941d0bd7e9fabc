using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>Reads the side of a join that is held in memory.</summary>
internal static class JoinInput
{
    /// <summary>
    /// All the rows of <paramref name="input"/>, in its order. When the input offers morsels they run on
    /// up to <paramref name="degree"/> threads, each gathering its own rows densely, and are kept in
    /// morsel order, so the rows and their parts are the same for every degree (a degree of 1 runs the
    /// morsels one after another on this thread).
    /// </summary>
    public static ChunkAccumulator Read(PhysicalOperator input, int degree, QueryMemory? memory, CancellationToken ct)
    {
        var rows = new ChunkAccumulator(input.OutputKinds, memory);
        if (input.OpenMorsels(ct) is { } source)
        {
            var morsels = OrderedMorsels.Run(source.Count, degree, (m, token) => Compacted(source.Execute(m, token)), ct);
            foreach (var parts in morsels)
            {
                foreach (var (columns, rowCount) in parts)
                {
                    rows.AddDense(columns, rowCount);
                }
            }

            return rows;
        }

        foreach (var chunk in input.Execute(ct).Where(chunk => chunk.RowCount > 0))
        {
            rows.Add(chunk);
        }

        return rows;
    }

    private static List<(ColumnVector[] Columns, int Rows)> Compacted(IEnumerable<Chunk> chunks) =>
        chunks.Where(chunk => chunk.RowCount > 0).Select(chunk => (ChunkAccumulator.Compact(chunk), chunk.RowCount)).ToList();
}
