namespace Yoda.Columnar.Storage;

/// <summary>
/// Integer key → position (any value but <see cref="long.MinValue"/>). Keys that arrive in
/// ascending order at consecutive positions — a load by rowid, a cycle of inserts — go into
/// <see cref="KeyRuns"/>, which needs next to no memory per key; every other key (inserted
/// below the largest key, re-inserted after a removal, moved to a new position) goes into an
/// <see cref="IntegerKeyMap"/>, made on first need. A key is live in at most one of the two.
/// </summary>
internal sealed class IntegerKeys(int capacity)
{
    private readonly KeyRuns _runs = new();
    private IntegerKeyMap? _scattered;

    public int Count => _runs.LiveCount + (_scattered?.Count ?? 0);

    public long Bytes => _runs.Bytes + (_scattered?.Bytes ?? 0);

    /// <summary>True when <paramref name="key"/> is certainly absent without a lookup: above every key ever added (removals do not lower the bound).</summary>
    public bool CannotContain(long key) =>
        (_runs.IsEmpty || key > _runs.MaxKey) && (_scattered is null || _scattered.CannotContain(key));

    /// <summary>Whether clearing keeps memory worth keeping, sized for <paramref name="capacity"/> keys (see <see cref="IntegerKeyMap.FitsWhenCleared"/>).</summary>
    public bool FitsWhenCleared(int capacity) => _scattered is not null && _scattered.FitsWhenCleared(capacity);

    /// <summary>Removes every key, keeping the scattered keys' slots.</summary>
    public void Clear()
    {
        _runs.Clear();
        _scattered?.Clear();
    }

    public bool TryGetValue(long key, out long value)
    {
        if (_runs.TryGetValue(key, out value))
        {
            return true;
        }

        if (_scattered is not null)
        {
            return _scattered.TryGetValue(key, out value);
        }

        value = 0;
        return false;
    }

    /// <summary>Adds the key or replaces its value.</summary>
    public void Set(long key, long value)
    {
        CheckValue(value);
        if (_runs.TryGetValue(key, out var current))
        {
            if (current != value && !_runs.TryMoveSingleLast(key, value))
            {
                _runs.Remove(key);
                Scattered().Set(key, value);
            }

            return;
        }

        if (_scattered is null || _scattered.CannotContain(key) || !_scattered.TryReplace(key, value))
        {
            AddAbsent(key, value);
        }
    }

    /// <summary>Adds the key; false (and nothing changed) when it is already present.</summary>
    public bool TryAdd(long key, long value)
    {
        CheckValue(value);
        if (TryGetValue(key, out _))
        {
            return false;
        }

        AddAbsent(key, value);
        return true;
    }

    public bool Remove(long key) => _runs.Remove(key) || (_scattered is not null && _scattered.Remove(key));

    public bool ContainsValue(long value) => _runs.ContainsValue(value) || (_scattered is not null && _scattered.ContainsValue(value));

    /// <summary>Every entry: the runs' in ascending key order, then the scattered ones in slot order.</summary>
    public IEnumerable<KeyValuePair<long, long>> Entries() =>
        _scattered is null ? _runs.Entries() : _runs.Entries().Concat(_scattered.Entries());

    private static void CheckValue(long value)
    {
        if (value == long.MinValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "long.MinValue is not a position");
        }
    }

    /// <summary>Adds a key that is in neither part.</summary>
    private void AddAbsent(long key, long value)
    {
        if (!_runs.IsEmpty && key <= _runs.MaxKey)
        {
            Scattered().TryAdd(key, value);
            return;
        }

        if (!_runs.TryAppend(key, value))
        {
            // The last block is short and the key does not continue it: its keys become scattered
            // ones, so that short blocks never pile up (each key is moved at most once).
            _runs.MoveLastBlockTo(Scattered());
            if (!_runs.TryAppend(key, value))
            {
                throw new InvalidOperationException("a key above every block must continue the last block or start one after it");
            }
        }
    }

    /// <summary>The map of scattered keys, sized on first need for the keys the capacity hint leaves to come.</summary>
    private IntegerKeyMap Scattered() => _scattered ??= new IntegerKeyMap(Math.Max(0, capacity - _runs.LiveCount));
}
