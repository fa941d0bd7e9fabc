namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The partial state of a DISTINCT aggregate over INTEGER or REAL values for one morsel, merged into a
/// <see cref="DistinctState"/>: the (group, value) pairs first met in the morsel, each group's in row
/// order. The merge passes on the pairs new to the whole input, so every group's inner state gets
/// exactly the values, in exactly the order, that one serial pass would give it.
/// </summary>
internal sealed class DistinctPartial : AggregateState
{
    private readonly GroupIntegerSet _seen = new();
    private readonly DistinctKeys _keys = new();
    private readonly Lazy<PairsByGroup> _byGroup;
    private int[] _newRows = new int[Chunk.Capacity];
    private int[] _newGroups = new int[Chunk.Capacity];

    /// <summary>The pairs in the order met: group, equality key (<see cref="DistinctKeys"/>) and the value's own bits.</summary>
    private int[] _groups = new int[64];
    private long[] _pairKeys = new long[64];
    private long[] _values = new long[64];
    private int _count;

    public DistinctPartial(ValueKind kind)
    {
        Kind = kind;
        _byGroup = new Lazy<PairsByGroup>(ByGroup, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The pairs met, each once.</summary>
    public int PairCount => _count;

    /// <summary>INTEGER or REAL.</summary>
    public ValueKind Kind { get; }

    /// <summary>The pairs by group, built on the first merge (the partitions of a partitioned merge read them from several threads).</summary>
    public PairsByGroup Pairs => _byGroup.Value;

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        if (_newRows.Length < rows.Length)
        {
            _newRows = new int[rows.Length];
            _newGroups = new int[rows.Length];
        }

        var keys = _keys.Of(argument!, rows);
        var added = _seen.AddRows(keys, argument!.Nulls, rows, groups, _newRows, _newGroups);
        if (_groups.Length < _count + added)
        {
            var size = Math.Max(_count + added, _groups.Length * 2);
            Array.Resize(ref _groups, size);
            Array.Resize(ref _pairKeys, size);
            Array.Resize(ref _values, size);
        }

        var doubles = Kind == ValueKind.Real ? argument.DoubleValues : default;
        for (var k = 0; k < added; k++)
        {
            var row = _newRows[k];
            _groups[_count] = _newGroups[k];
            _pairKeys[_count] = keys[row];
            _values[_count++] = Kind == ValueKind.Real ? BitConverter.DoubleToInt64Bits(doubles[row]) : keys[row];
        }
    }

    public override ColumnVector Result(int groupCount) =>
        throw new InvalidOperationException("a partial DISTINCT state is merged into a DistinctState, never read on its own");

    /// <summary>Counting sort of the pairs by group, stable, so each group keeps its row order.</summary>
    private PairsByGroup ByGroup()
    {
        var groupCount = 0;
        for (var i = 0; i < _count; i++)
        {
            groupCount = Math.Max(groupCount, _groups[i] + 1);
        }

        var starts = new int[groupCount + 1];
        for (var i = 0; i < _count; i++)
        {
            starts[_groups[i] + 1]++;
        }

        for (var g = 0; g < groupCount; g++)
        {
            starts[g + 1] += starts[g];
        }

        var (keys, values) = (new long[_count], new long[_count]);
        var next = starts[..^1];
        for (var i = 0; i < _count; i++)
        {
            var at = next[_groups[i]]++;
            (keys[at], values[at]) = (_pairKeys[i], _values[i]);
        }

        return new PairsByGroup(starts, keys, values);
    }

    /// <summary>
    /// Group <c>g</c>'s pairs are at <c>Starts[g]</c> up to <c>Starts[g + 1]</c> (groups past the end
    /// have none): their equality keys and their values' bits (the INTEGER itself, or a REAL's bits).
    /// </summary>
    internal sealed record PairsByGroup(int[] Starts, long[] Keys, long[] Values)
    {
        public (int Start, int End) Of(int group) => group + 1 < Starts.Length ? (Starts[group], Starts[group + 1]) : (0, 0);
    }
}
