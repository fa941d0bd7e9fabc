namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Dense ids for the distinct values of one key column, in order of first appearance; NULL has an
/// id of its own. Specialised by kind: small non-negative integers are direct-indexed, other
/// values go through a typed hash table (never boxed).
/// </summary>
internal abstract class KeyDictionary
{
    private int _nullId = -1;

    public int Count { get; private set; }

    public static KeyDictionary For(ValueKind kind) => kind switch
    {
        ValueKind.Integer => new IntegerKeys(),
        ValueKind.Real => new TypedKeys<double>(v => v.Doubles, EqualityComparer<double>.Default),
        ValueKind.Text => new TextKeys(),
        _ => new TypedKeys<byte[]>(v => v.Blobs, new BlobComparer()),
    };

    /// <summary>Fills <paramref name="ids"/>[k] with the id of the value in row <c>rows[k]</c>, creating ids as needed.</summary>
    public abstract void Assign(ColumnVector key, ReadOnlySpan<int> rows, Span<int> ids);

    protected int NewId() => Count++;

    protected int NullId() => _nullId >= 0 ? _nullId : _nullId = Count++;

    private sealed class IntegerKeys : KeyDictionary
    {
        private const int MaxDirect = 1 << 16;
        private readonly IntegerIdTable _others = new();
        private int[] _direct = new int[1024];

        public override void Assign(ColumnVector key, ReadOnlySpan<int> rows, Span<int> ids)
        {
            var values = key.LongValues;
            var nulls = key.Nulls;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                if (nulls is not null && nulls[row])
                {
                    ids[k] = NullId();
                    continue;
                }

                var value = values[row];
                if ((ulong)value < (ulong)_direct.Length)
                {
                    // Direct slots hold id + 1, so that 0 means "no id yet".
                    ref var slot = ref _direct[value];
                    ids[k] = (slot == 0 ? slot = NewId() + 1 : slot) - 1;
                }
                else if ((ulong)value < MaxDirect)
                {
                    Array.Resize(ref _direct, MaxDirect);
                    k--;
                }
                else
                {
                    var id = _others.GetOrAdd(value, Count);
                    ids[k] = id == Count ? NewId() : id;
                }
            }
        }
    }

    /// <summary>Texts by their UTF-8 bytes, read from storage without decoding where they come from a scan.</summary>
    private sealed class TextKeys : KeyDictionary
    {
        private readonly TextIdTable _table = new();

        // The table's ids leave out NULL, which takes an id of this dictionary's too.
        private int[] _keyIds = new int[64];

        public override void Assign(ColumnVector key, ReadOnlySpan<int> rows, Span<int> ids)
        {
            var nulls = key.Nulls;
            var stored = key.HasUtf8 ? key.Utf8Texts : default;
            var texts = key.HasUtf8 ? null : key.Texts;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                if (nulls is not null && nulls[row])
                {
                    ids[k] = NullId();
                    continue;
                }

                var before = _table.Count;
                var id = texts is null ? _table.GetOrAddStored(stored[row]) : _table.GetOrAdd(texts[row]);
                if (id == before)
                {
                    if (id == _keyIds.Length)
                    {
                        Array.Resize(ref _keyIds, id * 2);
                    }

                    _keyIds[id] = NewId();
                }

                ids[k] = _keyIds[id];
            }
        }
    }

    private sealed class TypedKeys<T>(Func<ColumnVector, T[]> valuesOf, IEqualityComparer<T> comparer) : KeyDictionary
        where T : notnull
    {
        private readonly Dictionary<T, int> _ids = new(comparer);

        public override void Assign(ColumnVector key, ReadOnlySpan<int> rows, Span<int> ids)
        {
            var values = valuesOf(key);
            var nulls = key.Nulls;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                ids[k] = nulls is not null && nulls[row] ? NullId()
                    : _ids.TryGetValue(values[row], out var id) ? id
                    : _ids[values[row]] = NewId();
            }
        }
    }

    private sealed class BlobComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
