namespace Yoda.Columnar.Execution.Expressions;

/// <summary>NOT x: 1 for false, 0 for true, NULL for NULL.</summary>
public sealed class NotExpression : VectorExpression
{
    private readonly VectorExpression _operand;

    public NotExpression(VectorExpression operand)
        : base(ValueKind.Integer)
    {
        _operand = operand;

        // Read once, into its truth values, and given back (see Truth.OfOperand).
        operand.MarkConsumedAtOnce();
    }

    public override bool IsParallelSafe => _operand.IsParallelSafe;

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var truth = Truth.OfOperand(_operand, chunk);
        var result = ConsumedAtOnce ? ChunkArrays<long>.Rent(chunk.PhysicalLength) : new long[chunk.PhysicalLength];
        bool[]? nulls = null;
        foreach (var i in chunk.Selection)
        {
            if (truth[i] < 0)
            {
                nulls ??= ConsumedAtOnce ? ColumnVector.RentNulls(chunk.PhysicalLength) : new bool[chunk.PhysicalLength];
                nulls[i] = true;
                result[i] = 0;
            }
            else
            {
                result[i] = 1 - truth[i];
            }
        }

        Truth.Return(truth);
        return ConsumedAtOnce ? ColumnVector.OfPooled(result, chunk.PhysicalLength, nulls) : ColumnVector.OfLongs(result, nulls);
    }
}
