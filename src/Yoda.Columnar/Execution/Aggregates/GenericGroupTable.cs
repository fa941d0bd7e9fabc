namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The reference group table: every key is a composite <see cref="GroupKey"/> of boxed values. Used
/// when optimisations are off; <see cref="KeyColumnGroupTable"/> must give the same groups in the same order.
/// </summary>
public sealed class GenericGroupTable(IReadOnlyList<ValueKind> keyKinds) : GroupTable
{
    private readonly Dictionary<GroupKey, int> _groups = [];
    private readonly List<object?[]> _keys = [];
    private long _heldKeyBytes;

    public override int Count => _keys.Count;

    public override long BytesPerGroup => 64 + (32 * keyKinds.Count);

    /// <summary>The keys' texts and blobs by their length (their boxes are in <see cref="BytesPerGroup"/>).</summary>
    public override long HeldKeyBytes => _heldKeyBytes;

    public override void Assign(ColumnVector[] keys, ReadOnlySpan<int> rows, Span<int> groups)
    {
        if (keys.Length == 0)
        {
            if (Count == 0)
            {
                _keys.Add([]);
            }

            groups.Clear();
            return;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            var values = new object?[keys.Length];
            for (var c = 0; c < keys.Length; c++)
            {
                values[c] = keys[c].GetValue(rows[k]);
            }

            var groupKey = new GroupKey(values);
            if (!_groups.TryGetValue(groupKey, out var id))
            {
                id = _keys.Count;
                _groups.Add(groupKey, id);
                _keys.Add(values);
                foreach (var value in values)
                {
                    _heldKeyBytes += QueryMemory.VariableBytes(value);
                }
            }

            groups[k] = id;
        }
    }

    public override void EnsureSingleGroup()
    {
        if (Count == 0)
        {
            _keys.Add([]);
        }
    }

    public override ColumnVector[] KeyColumnsFrom(int first)
    {
        var columns = new ColumnVector[keyKinds.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var column = ColumnVector.Create(keyKinds[c], Count - first, withNulls: true);
            for (var g = first; g < Count; g++)
            {
                column.SetValue(g - first, _keys[g][c]);
            }

            columns[c] = column;
        }

        return columns;
    }
}
