using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// RIGHT and FULL joins, as SQLite (3.39+) runs them: the inner (RIGHT) or LEFT join of the tables
/// so far with the new table, followed by the new table's rows that matched nothing, with NULLs
/// for the columns on the left. Conditions above a RIGHT or FULL join are never pushed below it.
/// </summary>
internal static partial class FromPlanner
{
    /// <summary>The index of the last RIGHT or FULL joined table at or before <paramref name="index"/> (0 when none).</summary>
    private static int RightJoinBefore(IReadOnlyList<BoundTable> tables, int index)
    {
        for (var i = index; i > 0; i--)
        {
            if (tables[i].RightOuter)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>
    /// The right table's rows with no partner on the left: the right table LEFT JOINed to the left
    /// side (marked by a constant column), keeping the rows whose mark is NULL, columns put back in order.
    /// </summary>
    private static PhysicalOperator UnmatchedRightRows(PhysicalOperator left, BoundTable t, int[] scanColumns, List<BoundExpr> parts, QueryMemory? memory)
    {
        var right = Scan(t, scanColumns, []);
        var leftWidth = left.OutputKinds.Count;
        var rightWidth = right.OutputKinds.Count;
        var marked = new ProjectOperator(
            left,
            [.. left.OutputKinds.Select((k, i) => (VectorExpression)new ColumnExpression(i, k)), new ConstantExpression(ValueKind.Integer, 1L)],
            [.. left.OutputKinds.Select((_, i) => $"#{i}"), "matched"]);

        // Rows of the swapped join are [right columns, left columns, mark].
        int Swapped(int position) => position < leftWidth ? position + rightWidth : position - leftWidth;
        var swapped = new ExpressionCompiler(_ => null, c => Swapped(System.Array.IndexOf(scanColumns, c.Index)));
        var condition = And(parts);
        var joined = new NestedLoopJoinOperator(
            right, marked, condition is null ? null : swapped.Compile(condition), true, condition is null ? string.Empty : $" on {condition.Text}", memory);
        var unmatched = new FilterOperator(joined, new IsNullExpression(new ColumnExpression(rightWidth + leftWidth, ValueKind.Integer), false), "unmatched");
        var reordered = left.OutputKinds.Select((k, i) => (VectorExpression)new ColumnExpression(rightWidth + i, k))
            .Concat(right.OutputKinds.Select((k, i) => new ColumnExpression(i, k)))
            .ToArray();
        return new ProjectOperator(unmatched, reordered, reordered.Select((_, i) => $"#{i}").ToArray());
    }
}
