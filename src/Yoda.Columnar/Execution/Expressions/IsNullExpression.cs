namespace Yoda.Columnar.Execution.Expressions;

/// <summary>x IS NULL (or IS NOT NULL when <c>negated</c>): never NULL itself.</summary>
public sealed class IsNullExpression(VectorExpression operand, bool negated) : VectorExpression(ValueKind.Integer)
{
    public override bool IsParallelSafe => operand.IsParallelSafe;

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var value = operand.Evaluate(chunk);
        var result = new long[chunk.PhysicalLength];
        foreach (var i in chunk.Selection)
        {
            result[i] = value.IsNull(i) != negated ? 1 : 0;
        }

        return ColumnVector.OfLongs(result, null);
    }
}
