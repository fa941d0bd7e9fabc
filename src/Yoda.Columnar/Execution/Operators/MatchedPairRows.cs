namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// <see cref="MatchedPairs"/> as the rows of a join's output: row <c>p</c> is the streamed row of pair
/// <c>p</c>. Each reader has its own lookup buffers, so readers on different threads share the pairs.
/// </summary>
internal sealed class MatchedPairRows(MatchedPairs pairs) : IJoinRows
{
    private int[] _parts = [];
    private int[] _partRows = [];
    private int _count;

    public void Prepare(ReadOnlySpan<int> rows)
    {
        if (_parts.Length < rows.Length)
        {
            (_parts, _partRows) = (new int[rows.Length], new int[rows.Length]);
        }

        pairs.Locate(rows, _parts, _partRows);
        _count = rows.Length;
    }

    public ColumnVector Gather(int column, ReadOnlySpan<int> rows) => pairs.Gather(column, _parts, _partRows, _count);
}
