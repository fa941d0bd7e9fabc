using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// UNION, INTERSECT or EXCEPT where rows are equal by key columns rather than by their values: values
/// whose class varies per row (1 and 1.0 are equal) and text under NOCASE or RTRIM (keyed by its folded
/// text). Each distinct row shows one representative, as SQLite does whatever its plan (checked against
/// SQLite on random compounds): the first row of the left input with that key; for UNION, a key the right
/// input has shows the right input's first row with it instead. Output: the representatives' columns (all
/// input columns), in first-seen order (the planner sorts it as SQLite does).
/// </summary>
public sealed class KeyedSetOperationOperator(PhysicalOperator left, PhysicalOperator right, SetOperation operation, IReadOnlyList<int> keyColumns)
    : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds => left.OutputKinds;

    public override IReadOnlyList<PhysicalOperator> Children => [left, right];

    public override string Describe() => $"{operation} by key columns [{string.Join(", ", keyColumns)}]";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var groups = new Dictionary<GroupKey, int>();
        var representatives = new List<object?[]>();
        var lookup = new object?[keyColumns.Count];
        foreach (var chunk in left.Execute(ct))
        {
            foreach (var row in chunk.Selection)
            {
                if (!groups.ContainsKey(KeyOf(chunk, row, lookup)))
                {
                    groups.Add(new GroupKey((object?[])lookup.Clone()), representatives.Count);
                    representatives.Add(RowOf(chunk, row));
                }
            }
        }

        var leftCount = representatives.Count;
        var seenOnRight = new List<bool>(Enumerable.Repeat(false, leftCount));
        foreach (var chunk in right.Execute(ct))
        {
            ct.ThrowIfCancellationRequested();
            foreach (var row in chunk.Selection)
            {
                if (groups.TryGetValue(KeyOf(chunk, row, lookup), out var id))
                {
                    if (!seenOnRight[id] && operation == SetOperation.Union)
                    {
                        representatives[id] = RowOf(chunk, row);
                    }

                    seenOnRight[id] = true;
                }
                else if (operation == SetOperation.Union)
                {
                    groups.Add(new GroupKey((object?[])lookup.Clone()), representatives.Count);
                    representatives.Add(RowOf(chunk, row));
                    seenOnRight.Add(true);
                }
            }
        }

        var keep = operation switch
        {
            SetOperation.Union => Enumerable.Range(0, representatives.Count).ToArray(),
            SetOperation.Intersect => Enumerable.Range(0, leftCount).Where(id => seenOnRight[id]).ToArray(),
            _ => Enumerable.Range(0, leftCount).Where(id => !seenOnRight[id]).ToArray(),
        };
        if (keep.Length > 0)
        {
            yield return Chunk.Dense(Columns(keep.Select(id => representatives[id]).ToList()), keep.Length);
        }
    }

    private GroupKey KeyOf(Chunk chunk, int row, object?[] lookup)
    {
        for (var k = 0; k < lookup.Length; k++)
        {
            lookup[k] = chunk.Columns[keyColumns[k]].GetValue(row);
        }

        return new GroupKey(lookup);
    }

    private static object?[] RowOf(Chunk chunk, int row) => chunk.Columns.Select(column => column.GetValue(row)).ToArray();

    private ColumnVector[] Columns(List<object?[]> rows)
    {
        var columns = new ColumnVector[OutputKinds.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var column = ColumnVector.Create(OutputKinds[c], rows.Count, withNulls: true);
            for (var r = 0; r < rows.Count; r++)
            {
                column.SetValue(r, rows[r][c]);
            }

            columns[c] = column;
        }

        return columns;
    }
}
