using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// UNION, INTERSECT or EXCEPT of two inputs with the same column kinds, on whole rows with NULLs
/// equal (as SQLite's DISTINCT): the distinct rows of the left input are numbered first, then the
/// right input's rows find theirs or add new ones. Output: one row per distinct result row, in
/// first-seen order (the planner sorts it as SQLite does). The table of distinct rows counts against
/// the query's memory (<paramref name="memory"/>) as it grows, and is given back once the result is handed on.
/// </summary>
public sealed class SetOperationOperator(PhysicalOperator left, PhysicalOperator right, SetOperation operation, QueryMemory? memory = null) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds => left.OutputKinds;

    public override IReadOnlyList<PhysicalOperator> Children => [left, right];

    public override string Describe() => operation.ToString();

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var table = GroupTable.Create(left.OutputKinds, specialised: true);
        var ids = new int[Chunk.Capacity];
        long reserved = 0;
        try
        {
            foreach (var chunk in left.Execute(ct))
            {
                Assign(table, chunk, ref ids, ref reserved);
            }

            var leftCount = table.Count;
            var inRight = new bool[leftCount];
            foreach (var chunk in right.Execute(ct))
            {
                ct.ThrowIfCancellationRequested();
                var assigned = Assign(table, chunk, ref ids, ref reserved);
                foreach (var id in assigned)
                {
                    if (id < leftCount)
                    {
                        inRight[id] = true;
                    }
                }
            }

            var keep = operation switch
            {
                SetOperation.Union => Enumerable.Range(0, table.Count).ToArray(),
                SetOperation.Intersect => Enumerable.Range(0, leftCount).Where(id => inRight[id]).ToArray(),
                _ => Enumerable.Range(0, leftCount).Where(id => !inRight[id]).ToArray(),
            };
            if (keep.Length > 0)
            {
                yield return new Chunk(table.KeyColumns(), table.Count, keep);
            }
        }
        finally
        {
            memory?.Release(reserved);
        }
    }

    private ReadOnlySpan<int> Assign(GroupTable table, Chunk chunk, ref int[] ids, ref long reserved)
    {
        if (ids.Length < chunk.RowCount)
        {
            ids = new int[chunk.RowCount];
        }

        var span = ids.AsSpan(0, chunk.RowCount);
        table.Assign(chunk.Columns, chunk.Selection, span);
        if (memory is { Counts: true })
        {
            // The table's growth (its groups and its text keys' bytes). Added first: Reserve counts the bytes before it throws past the limit.
            var bytes = (table.Count * table.BytesPerGroup) + table.HeldKeyBytes - reserved;
            reserved += bytes;
            memory.Reserve(bytes);
        }

        return span;
    }
}
