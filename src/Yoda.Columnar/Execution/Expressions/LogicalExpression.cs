namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// AND / OR with three-valued logic, yielding INTEGER 1/0/NULL. The right operand is evaluated
/// only on rows the left operand does not decide, as SQLite short-circuits.
/// </summary>
public sealed class LogicalExpression(bool isAnd, VectorExpression left, VectorExpression right) : VectorExpression(ValueKind.Integer)
{
    public override bool IsParallelSafe => left.IsParallelSafe && right.IsParallelSafe;

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var a = Truth.Evaluate(chunk, left.Evaluate(chunk));
        var decisive = isAnd ? (sbyte)0 : (sbyte)1;
        var undecided = RowsWhere(chunk.Selection, a, decisive, equal: false);
        var b = undecided.Length == 0 ? a : Truth.Evaluate(chunk.WithSelection(undecided), right.Evaluate(chunk.WithSelection(undecided)));
        var result = new long[chunk.PhysicalLength];
        bool[]? nulls = null;
        foreach (var i in chunk.Selection)
        {
            var value = a[i] == decisive ? decisive : Combine(a[i], b[i]);
            if (value < 0)
            {
                nulls ??= new bool[chunk.PhysicalLength];
                nulls[i] = true;
            }
            else
            {
                result[i] = value;
            }
        }

        return ColumnVector.OfLongs(result, nulls);
    }

    /// <summary>The selected rows whose truth value is (or, with <paramref name="equal"/> false, is not) <paramref name="value"/>.</summary>
    internal static int[] RowsWhere(int[] selection, sbyte[] truth, sbyte value, bool equal)
    {
        var rows = new int[selection.Length];
        var count = 0;
        foreach (var i in selection)
        {
            rows[count] = i;
            count += (truth[i] == value) == equal ? 1 : 0;
        }

        return count == rows.Length ? rows : rows[..count];
    }

    private sbyte Combine(sbyte x, sbyte y) => isAnd
        ? (x == 0 || y == 0 ? (sbyte)0 : x < 0 || y < 0 ? (sbyte)-1 : (sbyte)1)
        : (x == 1 || y == 1 ? (sbyte)1 : x < 0 || y < 0 ? (sbyte)-1 : (sbyte)0);
}
