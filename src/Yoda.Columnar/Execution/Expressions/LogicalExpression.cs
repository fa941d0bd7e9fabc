namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// AND / OR with three-valued logic, yielding INTEGER 1/0/NULL. The right operand is evaluated
/// only on rows the left operand does not decide, as SQLite short-circuits.
/// </summary>
public sealed class LogicalExpression : VectorExpression
{
    private readonly bool _isAnd;
    private readonly VectorExpression _left;
    private readonly VectorExpression _right;

    public LogicalExpression(bool isAnd, VectorExpression left, VectorExpression right)
        : base(ValueKind.Integer)
    {
        (_isAnd, _left, _right) = (isAnd, left, right);

        // Each operand's vector is read once, into its truth values, and given back: a comparison of two
        // columns (tpch-q12's two date comparisons) then rents its result instead of allocating it per chunk.
        left.MarkConsumedAtOnce();
        right.MarkConsumedAtOnce();
    }

    public override bool IsParallelSafe => _left.IsParallelSafe && _right.IsParallelSafe;

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var a = TruthOf(_left, chunk);
        var decisive = _isAnd ? (sbyte)0 : (sbyte)1;
        var undecided = RowsWhere(chunk.Selection, a, decisive, equal: false);
        var b = undecided.Length == 0 ? a : TruthOf(_right, chunk.WithSelection(undecided));
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

    /// <summary>The operand's truth values; its vector given back when the operand made it (not a column of the chunk, which others read on).</summary>
    private static sbyte[] TruthOf(VectorExpression operand, Chunk chunk)
    {
        var vector = operand.Evaluate(chunk);
        var truth = Truth.Evaluate(chunk, vector);
        if (Array.IndexOf(chunk.Columns, vector) < 0)
        {
            vector.ReturnToPool();
        }

        return truth;
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

    private sbyte Combine(sbyte x, sbyte y) => _isAnd
        ? (x == 0 || y == 0 ? (sbyte)0 : x < 0 || y < 0 ? (sbyte)-1 : (sbyte)1)
        : (x == 1 || y == 1 ? (sbyte)1 : x < 0 || y < 0 ? (sbyte)-1 : (sbyte)0);
}
