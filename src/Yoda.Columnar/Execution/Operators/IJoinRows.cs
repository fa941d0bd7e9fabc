namespace Yoda.Columnar.Execution.Operators;

/// <summary>The rows a join pairs with the rows of each streamed chunk, gathered a column at a time.</summary>
internal interface IJoinRows
{
    /// <summary>A dense vector of column <paramref name="column"/> at <paramref name="rows"/>, in that order.</summary>
    ColumnVector Gather(int column, ReadOnlySpan<int> rows);
}
