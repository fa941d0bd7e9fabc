namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>The value of a bare column on the first row of each group, as SQLite 3.53 reports bare columns without min/max.</summary>
public sealed class FirstValueState(ValueKind kind) : AggregateState
{
    private ColumnVector _values = AllNull(kind, 16);
    private bool[] _seen = new bool[16];

    // Texts and blobs are held per group beside the slot: counted against the query's memory (HeldBytes).
    private long _payloadBytes;

    public override long HeldBytes => _payloadBytes;

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        _values = GrowVector(_values, groupCount);
        Grow(ref _seen, groupCount);
        for (var k = 0; k < rows.Length; k++)
        {
            if (!_seen[groups[k]])
            {
                _seen[groups[k]] = true;
                _payloadBytes += CopyCounted(_values, groups[k], argument!, rows[k]);
            }
        }
    }

    public override void Merge(AggregateState partial, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups, int groupCount)
    {
        _values = GrowVector(_values, groupCount);
        Grow(ref _seen, groupCount);
        var other = (FirstValueState)partial;
        for (var k = 0; k < groups.Length; k++)
        {
            var (g, target) = (partialGroups[k], groups[k]);
            if (other._seen[g] && !_seen[target])
            {
                _seen[target] = true;
                _payloadBytes += CopyCounted(_values, target, other._values, g);
            }
        }
    }

    public override ColumnVector Result(int groupCount) => GrowVector(_values, groupCount).Gather(Chunk.AllRows(groupCount));

    internal static ColumnVector GrowVector(ColumnVector vector, int groupCount)
    {
        if (vector.Length >= groupCount)
        {
            return vector;
        }

        var grown = AllNull(vector.Kind, Math.Max(groupCount, vector.Length * 2));
        for (var g = 0; g < vector.Length; g++)
        {
            grown.CopyFrom(g, vector, g);
        }

        return grown;
    }

    internal static ColumnVector AllNull(ValueKind kind, int length)
    {
        var vector = ColumnVector.Create(kind, length, withNulls: true);
        Array.Fill(vector.Nulls!, true);
        return vector;
    }
}
