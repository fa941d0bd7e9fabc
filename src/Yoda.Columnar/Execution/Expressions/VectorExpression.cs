namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// A compiled scalar expression: evaluates the selected rows of a chunk into a vector of the
/// chunk's physical length (unselected rows are left unspecified). Its <see cref="Kind"/> is static.
/// </summary>
public abstract class VectorExpression
{
    protected VectorExpression(ValueKind kind) => Kind = kind;

    public ValueKind Kind { get; }

    public abstract ColumnVector Evaluate(Chunk chunk);

    /// <summary>
    /// True when several threads may evaluate this expression at once on different chunks: it keeps
    /// no state between calls (no subquery cache, no outer-row slot) and neither do its operands.
    /// </summary>
    public virtual bool IsParallelSafe => false;

    /// <summary>
    /// True when each result is read by one consumer and dropped before this expression is evaluated
    /// again (an operand of arithmetic, the argument of a SUM): the expression may then build it from
    /// pooled arrays (<see cref="ColumnVector.OfPooled(double[], int, bool[])"/>), which the consumer
    /// gives back with <see cref="ColumnVector.ReturnToPool"/>.
    /// </summary>
    public bool ConsumedAtOnce { get; private set; }

    /// <summary>Declares <see cref="ConsumedAtOnce"/>; for the one consumer of this expression's results, when it is built.</summary>
    public virtual void MarkConsumedAtOnce() => ConsumedAtOnce = true;

    /// <summary>A nulls array for the result when any input can be NULL (copying the union of the inputs' NULLs for the selected rows).</summary>
    protected static bool[]? UnionNulls(Chunk chunk, params ColumnVector[] inputs)
    {
        bool[]? nulls = null;
        foreach (var input in inputs)
        {
            if (input.Nulls is null)
            {
                continue;
            }

            nulls ??= new bool[chunk.PhysicalLength];
            foreach (var row in chunk.Selection)
            {
                nulls[row] |= input.Nulls[row];
            }
        }

        return nulls;
    }
}
