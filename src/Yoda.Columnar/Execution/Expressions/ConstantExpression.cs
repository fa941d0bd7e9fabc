namespace Yoda.Columnar.Execution.Expressions;

/// <summary>A constant value (null, long, double, string or byte[]) broadcast to every row.</summary>
public sealed class ConstantExpression(ValueKind kind, object? value) : VectorExpression(kind)
{
    public override bool IsParallelSafe => true;

    public object? Value { get; } = value;

    public override ColumnVector Evaluate(Chunk chunk) => ColumnVector.Constant(Kind, Value, chunk.PhysicalLength);
}
