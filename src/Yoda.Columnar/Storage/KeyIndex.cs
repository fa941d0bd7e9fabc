using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Yoda.Columnar.Storage;

/// <summary>
/// Row key → position, the index a table's writer side keeps (and the changes a writer stages).
/// Keys made of one integer — rowids and single integer primary keys, the common case — live in
/// <see cref="IntegerKeys"/> (ascending keys at consecutive positions in runs that take next to no
/// memory, the others in a map of 16-byte slots; nothing allocated per key); other keys in a
/// dictionary.
/// </summary>
public sealed class KeyIndex : IReadOnlyDictionary<RowKey, long>
{
    private readonly IntegerKeys _integers;
    private readonly Dictionary<RowKey, long> _others = new();

    /// <param name="capacity">The keys expected: the map of keys that do not fit runs is sized for them when first needed.</param>
    public KeyIndex(int capacity = 0) => _integers = new IntegerKeys(capacity);

    public int Count => _integers.Count + _others.Count;

    /// <summary>Bytes held by the integer keys (the dictionary of other keys is not counted).</summary>
    public long IntegerBytes => _integers.Bytes;

    public long this[RowKey key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"key {key} is not in the index");

    public IEnumerable<RowKey> Keys => this.Select(entry => entry.Key);

    public IEnumerable<long> Values => this.Select(entry => entry.Value);

    public bool TryGetValue(RowKey key, [MaybeNullWhen(false)] out long value) =>
        key.TryGetInteger(out var integer) ? _integers.TryGetValue(integer, out value) : _others.TryGetValue(key, out value);

    public bool ContainsKey(RowKey key) => TryGetValue(key, out _);

    /// <summary>True when <paramref name="key"/> is certainly absent without a lookup (an integer key above every one added, or an empty index).</summary>
    public bool CannotContain(RowKey key) =>
        key.TryGetInteger(out var integer) ? _integers.CannotContain(integer) : _others.Count == 0;

    /// <summary>Whether this index, cleared, holds <paramref name="capacity"/> keys without growing and without much more room (see <see cref="Reset"/>).</summary>
    public bool FitsWhenCleared(int capacity) => _integers.FitsWhenCleared(capacity);

    /// <summary>Removes every key, keeping the memory: a writer's staged changes reuse the last writer's.</summary>
    public void Reset()
    {
        _integers.Clear();
        _others.Clear();
    }

    /// <summary>Adds the key or replaces its position.</summary>
    public void Set(RowKey key, long position)
    {
        if (key.TryGetInteger(out var integer))
        {
            _integers.Set(integer, position);
        }
        else
        {
            _others[key] = position;
        }
    }

    /// <summary>Adds the key; false when it is already present.</summary>
    public bool TryAdd(RowKey key, long position) =>
        key.TryGetInteger(out var integer) ? _integers.TryAdd(integer, position) : _others.TryAdd(key, position);

    public bool Remove(RowKey key) => key.TryGetInteger(out var integer) ? _integers.Remove(integer) : _others.Remove(key);

    public bool ContainsValue(long position) => _integers.ContainsValue(position) || _others.ContainsValue(position);

    public IEnumerator<KeyValuePair<RowKey, long>> GetEnumerator()
    {
        foreach (var (key, position) in _integers.Entries())
        {
            yield return new(RowKey.FromInteger(key), position);
        }

        foreach (var entry in _others)
        {
            yield return entry;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
