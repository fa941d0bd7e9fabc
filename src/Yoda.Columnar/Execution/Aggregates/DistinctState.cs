namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>The DISTINCT form of an aggregate: passes each (group, value) pair to the inner state once.</summary>
public sealed class DistinctState(AggregateState inner) : AggregateState
{
    private readonly HashSet<(int Group, GroupKey Value)> _seen = [];

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        var keptRows = new List<int>(rows.Length);
        var keptGroups = new List<int>(rows.Length);
        for (var k = 0; k < rows.Length; k++)
        {
            var value = argument!.GetValue(rows[k]);
            if (value is not null && _seen.Add((groups[k], new GroupKey([value]))))
            {
                keptRows.Add(rows[k]);
                keptGroups.Add(groups[k]);
            }
        }

        inner.Update(argument, key, keptRows.ToArray(), keptGroups.ToArray(), groupCount);
    }

    public override ColumnVector Result(int groupCount) => inner.Result(groupCount);
}
