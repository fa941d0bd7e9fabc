using Yoda.Columnar.Execution;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Ast;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// The queue of a recursive CTE with ORDER BY, as SQLite's generateWithRecursiveQuery keeps it: a
/// priority queue on the ORDER BY terms (result columns, each under its COLLATE or its column's
/// collation), ties in the order the rows were added. The recursion takes the least row, outputs it
/// and runs the recursive part over that one row. Each queued row's sort key (its boxed values) and
/// queue entry count against <paramref name="memory"/> until the row is taken (the row itself is counted
/// by whoever queues it).
/// </summary>
internal sealed class RecursiveQueue(IReadOnlyList<OrderingTerm> orderBy, IReadOnlyList<PhysicalPlan> terms, QueryMemory? memory)
{
    /// <summary>A queue entry: the row's chunk and number, its key array's reference and its sequence number.</summary>
    private const long EntryBytes = 32;

    private readonly PriorityQueue<(Chunk Chunk, int Row), (object?[] Key, long Sequence)> _rows = new(Order(orderBy));
    private readonly (int Column, Collation Collation)[] _keys = [.. orderBy.Select((term, position) =>
    {
        var (expr, collation) = term.Expr is CollateExpr c ? (c.Operand, Binder.CollationNamed(c.Collation)) : (term.Expr, (Collation?)null);
        var column = CompoundPlanner.ColumnOf(expr, position, terms[0].Columns.Count, terms);
        return (column, collation ?? terms[0].Columns[column].Collation);
    })];

    private long _sequence;

    private static IComparer<(object?[] Key, long Sequence)> Order(IReadOnlyList<OrderingTerm> orderBy)
    {
        var directions = orderBy.Select(t => (t.Descending, NullsFirst: t.Nulls == NullsOrder.First || (t.Nulls == NullsOrder.Default && !t.Descending))).ToArray();
        return Comparer<(object?[] Key, long Sequence)>.Create((a, b) =>
        {
            for (var k = 0; k < directions.Length; k++)
            {
                var (x, y) = (a.Key[k], b.Key[k]);
                var order = (x, y) switch
                {
                    (null, null) => 0,
                    (null, _) => directions[k].NullsFirst ? -1 : 1,
                    (_, null) => directions[k].NullsFirst ? 1 : -1,
                    _ => directions[k].Descending ? ValueOrder.Compare(y, x) : ValueOrder.Compare(x, y),
                };
                if (order != 0)
                {
                    return order;
                }
            }

            return a.Sequence.CompareTo(b.Sequence);
        });
    }

    public int Count => _rows.Count;

    public void Add(Chunk chunk)
    {
        var counts = memory is { Counts: true };
        var bytes = 0L;
        foreach (var row in chunk.Selection)
        {
            var key = _keys.Select(k => Folded(chunk.Columns[k.Column].GetValue(row), k.Collation)).ToArray();
            _rows.Enqueue((chunk, row), (key, _sequence++));
            bytes += counts ? EntryBytes + QueryMemory.BoxedRowBytes(key) : 0;
        }

        memory?.Reserve(bytes);
    }

    /// <summary>The least row, as a one-row chunk; its key is given back.</summary>
    public Chunk Take()
    {
        if (!_rows.TryDequeue(out var taken, out var priority))
        {
            throw new InvalidOperationException("the recursive queue is empty");
        }

        if (memory is { Counts: true })
        {
            memory.Release(EntryBytes + QueryMemory.BoxedRowBytes(priority.Key));
        }

        return taken.Chunk.WithSelection([taken.Row]);
    }

    private static object? Folded(object? value, Collation collation) => value is string s
        ? collation switch
        {
            Collation.NoCase => TextKernels.AsciiLower(s),
            Collation.RTrim => s.TrimEnd(' '),
            _ => s,
        }
        : value;
}
