using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>An outer row's value inside a correlated subquery: slot <paramref name="slot"/> of the frame, the same for every row.</summary>
internal sealed class OuterValueExpression(CorrelationFrame frame, int slot, ValueKind kind) : VectorExpression(kind)
{
    public override ColumnVector Evaluate(Chunk chunk) => ColumnVector.Constant(Kind, frame.Values[slot], chunk.PhysicalLength);
}
