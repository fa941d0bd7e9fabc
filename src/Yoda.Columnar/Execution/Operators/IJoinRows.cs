namespace Yoda.Columnar.Execution.Operators;

/// <summary>The rows a join pairs with the rows of each streamed chunk, gathered a column at a time.</summary>
internal interface IJoinRows
{
    /// <summary>Called once before the columns of <paramref name="rows"/> are gathered, one <see cref="Gather"/> per column.</summary>
    void Prepare(ReadOnlySpan<int> rows);

    /// <summary>A dense vector of column <paramref name="column"/> at the rows last <see cref="Prepare"/>d, in that order.</summary>
    ColumnVector Gather(int column, ReadOnlySpan<int> rows);
}
