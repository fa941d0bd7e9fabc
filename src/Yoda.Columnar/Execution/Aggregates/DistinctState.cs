namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The DISTINCT form of an aggregate: passes each (group, value) pair to the inner state once.
/// Specialised, INTEGER, REAL and TEXT values are remembered unboxed; otherwise (and for blobs) as
/// a boxed <see cref="GroupKey"/>, the reference form.
/// </summary>
public sealed class DistinctState(AggregateState inner, bool specialised) : AggregateState
{
    private readonly HashSet<(int Group, GroupKey Value)> _seen = [];
    private readonly GroupIntegerSet _seenIntegers = new();
    private readonly HashSet<(int Group, double Value)> _seenReals = [];
    private readonly HashSet<(int Group, string Value)> _seenTexts = [];
    private int[] _keptRows = new int[Chunk.Capacity];
    private int[] _keptGroups = new int[Chunk.Capacity];

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        if (_keptRows.Length < rows.Length)
        {
            _keptRows = new int[rows.Length];
            _keptGroups = new int[rows.Length];
        }

        var values = argument!;
        var kept = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var (row, group) = (rows[k], groups[k]);
            if (values.IsNull(row) || !FirstTime(values, row, group))
            {
                continue;
            }

            _keptRows[kept] = row;
            _keptGroups[kept++] = group;
        }

        inner.Update(argument, key, _keptRows.AsSpan(0, kept), _keptGroups.AsSpan(0, kept), groupCount);
    }

    public override ColumnVector Result(int groupCount) => inner.Result(groupCount);

    private bool FirstTime(ColumnVector values, int row, int group) => (specialised, values.Kind) switch
    {
        (true, ValueKind.Integer) => _seenIntegers.Add(group, values.Longs[row]),
        (true, ValueKind.Real) => _seenReals.Add((group, values.Doubles[row])),
        (true, ValueKind.Text) => _seenTexts.Add((group, values.Texts[row])),
        _ => _seen.Add((group, new GroupKey([values.GetValue(row)]))),
    };
}
