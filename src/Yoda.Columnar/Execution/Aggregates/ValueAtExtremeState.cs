namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The value of a bare column on the row where the query's only min() or max() was first reached
/// (SQLite's documented rule); a group whose min/max argument is always NULL takes its last row,
/// as SQLite does.
/// </summary>
public sealed class ValueAtExtremeState(ValueKind kind, bool isMax) : AggregateState
{
    private ColumnVector _values = FirstValueState.AllNull(kind, 16);
    private ColumnVector? _best;
    private bool[] _hasBest = new bool[16];

    // Texts and blobs are held per group beside the slots (value and extreme): counted against the query's memory (HeldBytes).
    private long _payloadBytes;

    public override long HeldBytes => _payloadBytes;

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        _values = FirstValueState.GrowVector(_values, groupCount);
        _best = FirstValueState.GrowVector(_best ?? FirstValueState.AllNull(key!.Kind, 16), groupCount);
        Grow(ref _hasBest, groupCount);
        for (var k = 0; k < rows.Length; k++)
        {
            var (row, g) = (rows[k], groups[k]);
            if (key!.IsNull(row))
            {
                if (_hasBest[g])
                {
                    continue;
                }
            }
            else if (!_hasBest[g] || (isMax ? ColumnVector.Compare(key, row, _best, g) > 0 : ColumnVector.Compare(key, row, _best, g) < 0))
            {
                _payloadBytes += CopyCounted(_best, g, key, row);
                _hasBest[g] = true;
            }
            else
            {
                continue;
            }

            _payloadBytes += CopyCounted(_values, g, argument!, row);
        }
    }

    public override ColumnVector Result(int groupCount) => FirstValueState.GrowVector(_values, groupCount).Gather(Chunk.AllRows(groupCount));
}
