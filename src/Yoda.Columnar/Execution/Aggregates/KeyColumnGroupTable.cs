namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// A group table specialised by key shape: each key column gets dense value ids from a
/// <see cref="KeyDictionary"/> (direct-indexed small integers, typed hash tables otherwise). One key:
/// the value id is the group id. Several keys: the tuple of value ids is looked up in an
/// open-addressing table over a flat array of tuples. Nothing is allocated per row, and no key value
/// is copied per group: the dictionaries remember each value id's value (its first row's).
/// </summary>
public sealed class KeyColumnGroupTable : GroupTable
{
    private readonly KeyDictionary[] _dictionaries;
    private int[][] _valueIds = [];
    private int[] _tuples = new int[64];
    private int[] _slots = new int[64];
    private int _count;

    public KeyColumnGroupTable(IReadOnlyList<ValueKind> keyKinds)
    {
        _dictionaries = keyKinds.Select(KeyDictionary.For).ToArray();
    }

    public override int Count => _count;

    public override long BytesPerGroup => 16 + (_dictionaries.Length * 24L);

    public override void Assign(ColumnVector[] keys, ReadOnlySpan<int> rows, Span<int> groups)
    {
        if (keys.Length == 0)
        {
            EnsureSingleGroup();
            groups.Clear();
            return;
        }

        if (keys.Length == 1)
        {
            _dictionaries[0].Assign(keys[0], rows, groups);
            _count = _dictionaries[0].Count;
            return;
        }

        if (_valueIds.Length == 0 || _valueIds[0].Length < rows.Length)
        {
            var size = Math.Max(rows.Length, Chunk.Capacity);
            _valueIds = keys.Select(_ => new int[size]).ToArray();
        }

        for (var c = 0; c < keys.Length; c++)
        {
            _dictionaries[c].Assign(keys[c], rows, _valueIds[c].AsSpan(0, rows.Length));
        }

        for (var k = 0; k < rows.Length; k++)
        {
            groups[k] = FindOrAdd(k, keys.Length);
        }
    }

    public override void EnsureSingleGroup()
    {
        if (_count == 0)
        {
            _count = 1;
        }
    }

    public override ColumnVector[] KeyColumns()
    {
        if (_dictionaries.Length == 1)
        {
            return [_dictionaries[0].ValuesOf(Chunk.AllRows(_count))];
        }

        var width = _dictionaries.Length;
        var ids = new int[_count];
        var columns = new ColumnVector[width];
        for (var c = 0; c < width; c++)
        {
            for (var group = 0; group < _count; group++)
            {
                ids[group] = _tuples[(group * width) + c];
            }

            columns[c] = _dictionaries[c].ValuesOf(ids);
        }

        return columns;
    }

    private int FindOrAdd(int k, int width)
    {
        var hash = 0UL;
        for (var c = 0; c < width; c++)
        {
            hash = (hash + (uint)_valueIds[c][k]) * 0x9E3779B97F4A7C15UL;
        }

        var mask = _slots.Length - 1;
        for (var slot = (int)(hash >> 40) & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                var group = _count;
                Grow(ref _tuples, (group + 1) * width);
                for (var c = 0; c < width; c++)
                {
                    _tuples[(group * width) + c] = _valueIds[c][k];
                }

                _slots[slot] = group + 1;
                _count++;
                if (_count * 2 > _slots.Length)
                {
                    Rehash(width);
                }

                return group;
            }

            if (SameTuple(entry - 1, k, width))
            {
                return entry - 1;
            }
        }
    }

    private bool SameTuple(int group, int k, int width)
    {
        for (var c = 0; c < width; c++)
        {
            if (_tuples[(group * width) + c] != _valueIds[c][k])
            {
                return false;
            }
        }

        return true;
    }

    private void Rehash(int width)
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var group = 0; group < _count; group++)
        {
            var hash = 0UL;
            for (var c = 0; c < width; c++)
            {
                hash = (hash + (uint)_tuples[(group * width) + c]) * 0x9E3779B97F4A7C15UL;
            }

            var slot = (int)(hash >> 40) & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = group + 1;
        }
    }

    private static void Grow(ref int[] array, int length)
    {
        if (array.Length < length)
        {
            Array.Resize(ref array, (int)Math.Min(Array.MaxLength, Math.Max(length, (long)array.Length * 2)));
        }
    }
}
