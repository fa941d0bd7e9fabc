using Yoda.Columnar.Execution;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Ast;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// The queue of a recursive CTE with ORDER BY, as SQLite's generateWithRecursiveQuery keeps it: a
/// priority queue on the ORDER BY terms (result columns, each under its COLLATE or its column's
/// collation), ties in the order the rows were added. The recursion takes the least row, outputs it
/// and runs the recursive part over that one row.
/// </summary>
internal sealed class RecursiveQueue
{
    private readonly PriorityQueue<(Chunk Chunk, int Row), (object?[] Key, long Sequence)> _rows;
    private readonly (int Column, Collation Collation)[] _keys;
    private long _sequence;

    public RecursiveQueue(IReadOnlyList<OrderingTerm> orderBy, IReadOnlyList<PhysicalPlan> terms)
    {
        _keys = orderBy.Select((term, position) =>
        {
            var (expr, collation) = term.Expr is CollateExpr c ? (c.Operand, Binder.CollationNamed(c.Collation)) : (term.Expr, (Collation?)null);
            var column = CompoundPlanner.ColumnOf(expr, position, terms[0].Columns.Count, terms);
            return (column, collation ?? terms[0].Columns[column].Collation);
        }).ToArray();
        var directions = orderBy.Select(t => (t.Descending, NullsFirst: t.Nulls == NullsOrder.First || (t.Nulls == NullsOrder.Default && !t.Descending))).ToArray();
        _rows = new(Comparer<(object?[] Key, long Sequence)>.Create((a, b) =>
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
        }));
    }

    public int Count => _rows.Count;

    public void Add(Chunk chunk)
    {
        foreach (var row in chunk.Selection)
        {
            var key = _keys.Select(k => Folded(chunk.Columns[k.Column].GetValue(row), k.Collation)).ToArray();
            _rows.Enqueue((chunk, row), (key, _sequence++));
        }
    }

    /// <summary>The least row, as a one-row chunk.</summary>
    public Chunk Take()
    {
        var (chunk, row) = _rows.Dequeue();
        return chunk.WithSelection([row]);
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
