namespace Yoda.Columnar.Storage;

/// <summary>
/// The dense part of the integer key index: keys appended in ascending order at consecutive
/// positions, as a table's rows arrive from a load or a cycle of inserts. A block is a run of
/// consecutive positions holding ascending keys: consecutive keys need nothing but the block's
/// first key (a table loaded by rowid is one block of a few dozen bytes), other ascending keys
/// one sorted <c>long</c> each. A removed key is a bit in its block's removal bitmap; it never
/// comes back to the block (the caller keeps re-inserted and moved keys elsewhere).
/// </summary>
internal sealed class KeyRuns
{
    /// <summary>A block shorter than this is not closed for a new one: it is converted or given back (see <see cref="TryAppend"/>).</summary>
    public const int MinBlock = 8;

    /// <summary>Keys of a sparse block: 64 KB, below the large object heap's threshold.</summary>
    private const int SparseCapacity = 8192;

    private Block[] _blocks = new Block[4];
    private int _blockCount;

    /// <summary>Keys live in the blocks.</summary>
    public int LiveCount { get; private set; }

    /// <summary>Whether no block exists (removed keys keep their block).</summary>
    public bool IsEmpty => _blockCount == 0;

    /// <summary>The largest key ever appended to the blocks there are; meaningless when <see cref="IsEmpty"/>.</summary>
    public long MaxKey => _blocks[_blockCount - 1].LastKey;

    /// <summary>Bytes held by the blocks, their sparse keys and their removal bitmaps.</summary>
    public long Bytes
    {
        get
        {
            long bytes = (long)_blocks.Length * 40;
            for (var b = 0; b < _blockCount; b++)
            {
                bytes += ((_blocks[b].Keys?.LongLength ?? 0) + (_blocks[b].Removed?.LongLength ?? 0)) * 8;
            }

            return bytes;
        }
    }

    public bool TryGetValue(long key, out long value)
    {
        var b = FindBlock(key);
        if (b >= 0)
        {
            ref readonly var block = ref _blocks[b];
            var index = block.IndexOf(key);
            if (index >= 0 && !block.IsRemoved(index))
            {
                value = block.FirstPosition + index;
                return true;
            }
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Gives <paramref name="key"/> the position <paramref name="position"/> when it is the only key of
    /// the last block (a key staged as removed, then set again, as an update stages its key):
    /// such a block may start at any position. False, and nothing changed, otherwise.
    /// </summary>
    public bool TryMoveSingleLast(long key, long position)
    {
        if (_blockCount == 0)
        {
            return false;
        }

        ref var last = ref _blocks[_blockCount - 1];
        if (last.Count != 1 || last.FirstKey != key || last.Removed is not null)
        {
            return false;
        }

        last.FirstPosition = position;
        return true;
    }

    /// <summary>Removes a live key; false when it is not live here.</summary>
    public bool Remove(long key)
    {
        var b = FindBlock(key);
        if (b < 0)
        {
            return false;
        }

        ref var block = ref _blocks[b];
        var index = block.IndexOf(key);
        if (index < 0 || block.IsRemoved(index))
        {
            return false;
        }

        block.MarkRemoved(index);
        LiveCount--;
        return true;
    }

    /// <summary>
    /// Appends <paramref name="key"/>, above <see cref="MaxKey"/>, at <paramref name="position"/>.
    /// False when it fits no block and the last block is too short to be closed: the caller takes
    /// that block's keys elsewhere (<see cref="MoveLastBlockTo"/>) and appends again, or keeps the key elsewhere.
    /// </summary>
    public bool TryAppend(long key, long position)
    {
        if (_blockCount > 0)
        {
            ref var last = ref _blocks[_blockCount - 1];
            if (position == last.FirstPosition + last.Count)
            {
                if (last.TryAppend(key))
                {
                    LiveCount++;
                    return true;
                }
            }

            if (last.Count < MinBlock)
            {
                return false;
            }

            last.TrimKeys();
        }

        if (_blockCount == _blocks.Length)
        {
            Array.Resize(ref _blocks, _blocks.Length * 2);
        }

        _blocks[_blockCount++] = new Block { FirstKey = key, FirstPosition = position, Count = 1 };
        LiveCount++;
        return true;
    }

    /// <summary>Removes the last block, adding its live keys to <paramref name="target"/>.</summary>
    public void MoveLastBlockTo(IntegerKeyMap target)
    {
        ref var last = ref _blocks[_blockCount - 1];
        for (var index = 0; index < last.Count; index++)
        {
            if (!last.IsRemoved(index))
            {
                target.TryAdd(last.KeyAt(index), last.FirstPosition + index);
                LiveCount--;
            }
        }

        last = default;
        _blockCount--;
    }

    public void Clear()
    {
        Array.Clear(_blocks, 0, _blockCount);
        _blockCount = 0;
        LiveCount = 0;
    }

    /// <summary>Every live key and its position, in ascending key order.</summary>
    public IEnumerable<KeyValuePair<long, long>> Entries()
    {
        for (var b = 0; b < _blockCount; b++)
        {
            foreach (var entry in BlockEntries(b))
            {
                yield return entry;
            }
        }
    }

    public bool ContainsValue(long position)
    {
        for (var b = 0; b < _blockCount; b++)
        {
            ref readonly var block = ref _blocks[b];
            var index = (ulong)(position - block.FirstPosition);
            if (index < (ulong)block.Count && !block.IsRemoved((int)index))
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<KeyValuePair<long, long>> BlockEntries(int b)
    {
        for (var index = 0; index < _blocks[b].Count; index++)
        {
            if (!_blocks[b].IsRemoved(index))
            {
                yield return new(_blocks[b].KeyAt(index), _blocks[b].FirstPosition + index);
            }
        }
    }

    /// <summary>The block whose key range could hold <paramref name="key"/>: the last one starting at or below it; -1 when none.</summary>
    private int FindBlock(long key)
    {
        var count = _blockCount;
        if (count == 0 || key < _blocks[0].FirstKey)
        {
            return -1;
        }

        if (key >= _blocks[count - 1].FirstKey)
        {
            return count - 1; // the usual case: one block, or the newest keys
        }

        int low = 0, high = count - 1; // _blocks[low].FirstKey <= key < _blocks[high].FirstKey
        while (high - low > 1)
        {
            var middle = (low + high) >>> 1;
            if (_blocks[middle].FirstKey <= key)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Keys at positions <c>FirstPosition</c>, <c>FirstPosition + 1</c>, …: consecutive keys when <see cref="Keys"/> is null, else those keys.</summary>
    private struct Block
    {
        public long FirstKey;
        public long FirstPosition;
        public int Count;
        public long[]? Keys;

        /// <summary>One bit per index, set when that key was removed; null until one is, and shorter than the block when later keys were appended.</summary>
        public ulong[]? Removed;

        public readonly long LastKey => Keys is null ? FirstKey + (Count - 1) : Keys[Count - 1];

        public readonly long KeyAt(int index) => Keys is null ? FirstKey + index : Keys[index];

        /// <summary>The index of <paramref name="key"/> (live or removed), or -1.</summary>
        public readonly int IndexOf(long key)
        {
            if (Keys is null)
            {
                var offset = (ulong)(key - FirstKey);
                return offset < (ulong)Count ? (int)offset : -1;
            }

            var index = Array.BinarySearch(Keys, 0, Count, key);
            return index >= 0 ? index : -1;
        }

        public readonly bool IsRemoved(int index) =>
            Removed is { } removed && (index >> 6) < removed.Length && (removed[index >> 6] & (1UL << index)) != 0;

        public void MarkRemoved(int index)
        {
            var words = (Count + 63) >> 6;
            if (Removed is null || Removed.Length < words)
            {
                Array.Resize(ref Removed, words);
            }

            Removed[index >> 6] |= 1UL << index;
        }

        /// <summary>Appends the key above the last one at the next position when this block can hold it.</summary>
        public bool TryAppend(long key)
        {
            if (Keys is null)
            {
                if (key - FirstKey == Count && Count < int.MaxValue)
                {
                    Count++;
                    return true;
                }

                if (Count >= MinBlock)
                {
                    return false;
                }

                Keys = new long[MinBlock * 2];
                for (var i = 0; i < Count; i++)
                {
                    Keys[i] = FirstKey + i;
                }
            }

            if (Count == SparseCapacity)
            {
                return false;
            }

            if (Count == Keys.Length)
            {
                Array.Resize(ref Keys, Math.Min(SparseCapacity, Keys.Length * 2));
            }

            Keys[Count++] = key;
            return true;
        }

        /// <summary>Gives back a closed sparse block's unused room.</summary>
        public void TrimKeys()
        {
            if (Keys is not null && Keys.Length > Count)
            {
                Array.Resize(ref Keys, Count);
            }
        }
    }
}
