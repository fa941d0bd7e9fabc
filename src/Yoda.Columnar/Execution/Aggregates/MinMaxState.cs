namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>MIN or MAX of non-NULL values of one kind, keeping that kind; NULL for no values.</summary>
public sealed class MinMaxState(ValueKind kind, bool isMax) : AggregateState
{
    private ColumnVector _best = ColumnVector.Create(kind, 16, withNulls: true);
    private bool[] _seen = new bool[16];

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        EnsureCapacity(groupCount);
        var input = argument!;
        if (kind == ValueKind.Integer && input.Kind == ValueKind.Integer)
        {
            UpdateTyped(input.LongValues, _best.Longs, input.Nulls, rows, groups);
            return;
        }

        if (kind == ValueKind.Real && input.Kind == ValueKind.Real)
        {
            UpdateTyped(input.DoubleValues, _best.Doubles, input.Nulls, rows, groups);
            return;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (input.IsNull(row))
            {
                continue;
            }

            var g = groups[k];
            if (!_seen[g] || Better(input, row, g))
            {
                _best.CopyFrom(g, input, row);
                _seen[g] = true;
            }
        }
    }

    /// <summary>A later partial's value replaces this one only when strictly better: ties keep the first, as a serial run does.</summary>
    public override void Merge(AggregateState partial, ReadOnlySpan<int> groups, int groupCount)
    {
        EnsureCapacity(groupCount);
        var other = (MinMaxState)partial;
        for (var g = 0; g < groups.Length; g++)
        {
            var target = groups[g];
            if (other._seen[g] && (!_seen[target] || Better(other._best, g, target)))
            {
                _best.CopyFrom(target, other._best, g);
                _seen[target] = true;
            }
        }
    }

    public override ColumnVector Result(int groupCount)
    {
        EnsureCapacity(groupCount);
        var result = ColumnVector.Create(kind, groupCount, withNulls: true);
        for (var g = 0; g < groupCount; g++)
        {
            if (_seen[g])
            {
                result.CopyFrom(g, _best, g);
            }
            else
            {
                result.Nulls![g] = true;
            }
        }

        return result;
    }

    /// <summary>The loop of <see cref="Update"/> for INTEGER or REAL values: <see cref="ColumnVector.Compare"/>'s order without its dispatch per row.</summary>
    private void UpdateTyped<T>(ReadOnlySpan<T> values, T[] best, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
        where T : IComparable<T>
    {
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            var (g, value) = (groups[k], values[row]);
            if (!_seen[g])
            {
                (best[g], _seen[g]) = (value, true);
            }
            else if (isMax ? value.CompareTo(best[g]) > 0 : value.CompareTo(best[g]) < 0)
            {
                best[g] = value;
            }
        }
    }

    private bool Better(ColumnVector input, int row, int g)
    {
        var order = ColumnVector.Compare(input, row, _best, g);
        return isMax ? order > 0 : order < 0;
    }

    private void EnsureCapacity(int groupCount)
    {
        Grow(ref _seen, groupCount);
        if (_best.Length < groupCount)
        {
            var grown = ColumnVector.Create(kind, Math.Max(groupCount, _best.Length * 2), withNulls: true);
            for (var g = 0; g < _best.Length; g++)
            {
                if (_seen[g])
                {
                    grown.CopyFrom(g, _best, g);
                }
            }

            _best = grown;
        }
    }
}
