using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// UNION, INTERSECT or EXCEPT where rows are equal by key columns rather than by their values: values
/// whose class varies per row (1 and 1.0 are equal) and text under NOCASE or RTRIM (keyed by its folded
/// text). Each distinct row shows one representative, as SQLite does whatever its plan (checked against
/// SQLite on random compounds): the first row of the left input with that key; for UNION, a key the right
/// input has shows the right input's first row with it instead. Output: the representatives' columns (all
/// input columns), in first-seen order (the planner sorts it as SQLite does). The keys and representatives
/// count against the query's memory (<paramref name="memory"/>) as they are added, and are given back once
/// the result is handed on.
/// </summary>
public sealed class KeyedSetOperationOperator(PhysicalOperator left, PhysicalOperator right, SetOperation operation, IReadOnlyList<int> keyColumns, QueryMemory? memory = null)
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
        var held = new HeldRows(memory);
        try
        {
            foreach (var chunk in left.Execute(ct))
            {
                foreach (var row in chunk.Selection)
                {
                    if (!groups.ContainsKey(KeyOf(chunk, row, lookup)))
                    {
                        groups.Add(new GroupKey((object?[])lookup.Clone()), representatives.Count);
                        representatives.Add(RowOf(chunk, row));
                        held.Add(lookup, representatives[^1]);
                    }
                }

                held.Reserve();
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
                            var replaced = representatives[id];
                            representatives[id] = RowOf(chunk, row);
                            held.Replace(replaced, representatives[id]);
                        }

                        seenOnRight[id] = true;
                    }
                    else if (operation == SetOperation.Union)
                    {
                        groups.Add(new GroupKey((object?[])lookup.Clone()), representatives.Count);
                        representatives.Add(RowOf(chunk, row));
                        held.Add(lookup, representatives[^1]);
                        seenOnRight.Add(true);
                    }
                }

                held.Reserve();
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
        finally
        {
            held.Free();
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

    /// <summary>
    /// The estimated bytes of the boxed keys and representatives held, counted against the query's memory
    /// once per chunk: a dictionary entry, each array and each boxed value, a text's UTF-16 characters, a blob's bytes.
    /// </summary>
    private sealed class HeldRows(QueryMemory? memory)
    {
        private long _counted;
        private long _held;

        public void Add(object?[] key, object?[] representative)
        {
            if (memory is { Counts: true })
            {
                _held += 48 + BytesOf(key) + BytesOf(representative);
            }
        }

        public void Replace(object?[] before, object?[] after)
        {
            if (memory is { Counts: true })
            {
                _held += BytesOf(after) - BytesOf(before);
            }
        }

        public void Reserve()
        {
            // Counted first: Reserve counts the bytes before it throws past the limit.
            var bytes = _held - _counted;
            _counted = _held;
            memory?.Reserve(bytes);
        }

        public void Free() => memory?.Release(_counted);

        private static long BytesOf(object?[] values)
        {
            var bytes = 24L + (8L * values.Length);
            foreach (var value in values)
            {
                bytes += value switch
                {
                    null => 0,
                    string text => 24 + (2L * text.Length),
                    byte[] blob => 24 + blob.Length,
                    _ => 24,
                };
            }

            return bytes;
        }
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
