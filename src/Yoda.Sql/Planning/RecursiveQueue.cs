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
            var column = ColumnOf(expr, position, terms);
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

    /// <summary>An ORDER BY term: an ordinal, or the name of a result column of the first select that has it.</summary>
    private static int ColumnOf(Expr e, int position, IReadOnlyList<PhysicalPlan> terms)
    {
        var count = terms[0].Columns.Count;
        var n = position + 1;
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        if (OrdinalTerm.Value(e) is { } ordinal)
        {
            return ordinal >= 1 && ordinal <= count
                ? (int)ordinal - 1
                : throw new YodaException($"{n}{suffix} ORDER BY term out of range - should be between 1 and {count}");
        }

        var name = (e as ColumnRefExpr) is { Table: null } column ? column.Column : null;
        foreach (var term in terms)
        {
            var index = term.Columns.Select(c => c.Name).ToList().FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index;
            }
        }

        throw new YodaException($"{n}{suffix} ORDER BY term does not match any column in the result set");
    }
}
