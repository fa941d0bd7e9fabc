namespace Yoda.Columnar.Execution.Operators;

/// <summary>Join rows held as one dense vector per column, addressed by row.</summary>
internal sealed class DenseJoinRows(ColumnVector[] columns) : IJoinRows
{
    public void Prepare(ReadOnlySpan<int> rows)
    {
    }

    public ColumnVector Gather(int column, ReadOnlySpan<int> rows) => columns[column].Gather(rows);
}
