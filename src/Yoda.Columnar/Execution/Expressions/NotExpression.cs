namespace Yoda.Columnar.Execution.Expressions;

/// <summary>NOT x: 1 for false, 0 for true, NULL for NULL.</summary>
public sealed class NotExpression(VectorExpression operand) : VectorExpression(ValueKind.Integer)
{
    public override bool IsParallelSafe => operand.IsParallelSafe;

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var truth = Truth.Evaluate(chunk, operand.Evaluate(chunk));
        var result = new long[chunk.PhysicalLength];
        bool[]? nulls = null;
        foreach (var i in chunk.Selection)
        {
            if (truth[i] < 0)
            {
                nulls ??= new bool[chunk.PhysicalLength];
                nulls[i] = true;
            }
            else
            {
                result[i] = 1 - truth[i];
            }
        }

        return ColumnVector.OfLongs(result, nulls);
    }
}
