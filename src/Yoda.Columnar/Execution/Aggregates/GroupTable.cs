namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Maps grouping-key values to dense group ids, remembering each group's key. A single INTEGER key
/// (the common case) or a single TEXT key uses a typed dictionary; other shapes use a composite <see cref="GroupKey"/>.
/// </summary>
public sealed class GroupTable(IReadOnlyList<ValueKind> keyKinds)
{
    private readonly Dictionary<long, int> _integerGroups = [];
    private readonly Dictionary<string, int> _textGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<GroupKey, int> _groups = [];
    private readonly List<object?[]> _keys = [];
    private readonly bool _singleInteger = keyKinds.Count == 1 && keyKinds[0] == ValueKind.Integer;
    private readonly bool _singleText = keyKinds.Count == 1 && keyKinds[0] == ValueKind.Text;
    private int _nullGroup = -1;

    public int Count => _keys.Count;

    /// <summary>Fills <paramref name="groups"/>[k] with the group id of row <c>rows[k]</c>, creating groups as needed.</summary>
    public void Assign(ColumnVector[] keys, ReadOnlySpan<int> rows, Span<int> groups)
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

        if (_singleInteger)
        {
            var key = keys[0];
            for (var k = 0; k < rows.Length; k++)
            {
                groups[k] = key.IsNull(rows[k]) ? NullGroup() : IntegerGroup(key.Longs[rows[k]]);
            }

            return;
        }

        if (_singleText)
        {
            var key = keys[0];
            for (var k = 0; k < rows.Length; k++)
            {
                groups[k] = key.IsNull(rows[k]) ? NullGroup() : TextGroup(key.Texts[rows[k]]);
            }

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
            }

            groups[k] = id;
        }
    }

    /// <summary>Ensures the single group of an aggregate without GROUP BY exists (it has a row even over no input).</summary>
    public void EnsureSingleGroup()
    {
        if (Count == 0)
        {
            _keys.Add([]);
        }
    }

    /// <summary>The key columns, one row per group in id order.</summary>
    public ColumnVector[] KeyColumns()
    {
        var columns = new ColumnVector[keyKinds.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var column = ColumnVector.Create(keyKinds[c], Count, withNulls: true);
            for (var g = 0; g < Count; g++)
            {
                switch (_keys[g][c])
                {
                    case null: column.Nulls![g] = true; break;
                    case long l: column.Longs[g] = l; break;
                    case double d: column.Doubles[g] = d; break;
                    case string s: column.Texts[g] = s; break;
                    case byte[] b: column.Blobs[g] = b; break;
                }
            }

            columns[c] = column;
        }

        return columns;
    }

    private int IntegerGroup(long value)
    {
        if (!_integerGroups.TryGetValue(value, out var id))
        {
            id = _keys.Count;
            _integerGroups.Add(value, id);
            _keys.Add([value]);
        }

        return id;
    }

    private int TextGroup(string value)
    {
        if (!_textGroups.TryGetValue(value, out var id))
        {
            id = _keys.Count;
            _textGroups.Add(value, id);
            _keys.Add([value]);
        }

        return id;
    }

    private int NullGroup()
    {
        if (_nullGroup < 0)
        {
            _nullGroup = _keys.Count;
            _keys.Add([null]);
        }

        return _nullGroup;
    }
}
