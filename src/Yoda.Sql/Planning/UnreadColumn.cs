using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Sql.Planning;

/// <summary>
/// A column of the joined rows that nothing after the joins reads and that a join stopped carrying
/// (<see cref="JoinLayout.Keeping"/>: a join key no later step reads): it keeps its place in the rows
/// the rest of the query is compiled against, as NULLs, one vector shared by every chunk, never read.
/// </summary>
internal sealed class UnreadColumn(ValueKind kind) : VectorExpression(kind)
{
    private ColumnVector? _nulls;

    public override bool IsParallelSafe => true;

    public override ColumnVector Evaluate(Chunk chunk)
    {
        if (Volatile.Read(ref _nulls) is { } known && known.Length >= chunk.PhysicalLength)
        {
            return known;
        }

        // Two threads may both make a longer one; either serves.
        var nulls = ColumnVector.Constant(Kind, null, Math.Max(chunk.PhysicalLength, Chunk.Capacity));
        Volatile.Write(ref _nulls, nulls);
        return nulls;
    }
}
