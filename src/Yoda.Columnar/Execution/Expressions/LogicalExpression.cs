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
        var a = Truth.OfOperand(_left, chunk);
        var decisive = _isAnd ? (sbyte)0 : (sbyte)1;
        var undecided = Truth.RowsWhere(chunk.Selection, a, decisive, equal: false);
        var b = undecided.Length == 0 ? a : Truth.OfOperand(_right, chunk.WithSelection(undecided));
        var result = ConsumedAtOnce ? ChunkArrays<long>.Rent(chunk.PhysicalLength) : new long[chunk.PhysicalLength];
        bool[]? nulls = null;
        foreach (var i in chunk.Selection)
        {
            var value = a[i] == decisive ? decisive : Combine(a[i], b[i]);
            if (value < 0)
            {
                nulls ??= ConsumedAtOnce ? ColumnVector.RentNulls(chunk.PhysicalLength) : new bool[chunk.PhysicalLength];
                nulls[i] = true;
            }

            result[i] = value < 0 ? 0 : value;
        }

        Truth.Return(a);
        if (b != a)
        {
            Truth.Return(b);
        }

        return ConsumedAtOnce ? ColumnVector.OfPooled(result, chunk.PhysicalLength, nulls) : ColumnVector.OfLongs(result, nulls);
    }

    private sbyte Combine(sbyte x, sbyte y) => _isAnd
        ? (x == 0 || y == 0 ? (sbyte)0 : x < 0 || y < 0 ? (sbyte)-1 : (sbyte)1)
        : (x == 1 || y == 1 ? (sbyte)1 : x < 0 || y < 0 ? (sbyte)-1 : (sbyte)0);
}
