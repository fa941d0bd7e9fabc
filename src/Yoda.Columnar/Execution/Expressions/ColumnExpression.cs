namespace Yoda.Columnar.Execution.Expressions;

/// <summary>The chunk's column at <see cref="Index"/>, as is.</summary>
public sealed class ColumnExpression(int index, ValueKind kind) : VectorExpression(kind)
{
    public override bool IsParallelSafe => true;

    public int Index { get; } = index;

    public override ColumnVector Evaluate(Chunk chunk) => chunk.Columns[Index];
}
