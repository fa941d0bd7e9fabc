using System.Numerics;
using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// A set of (group, INTEGER value) pairs as one bitmap per group over a window of values shared by
/// the groups (bit <c>value - low</c> of the group's words), for COUNT(DISTINCT …) over a dense domain
/// (ClickBench's UserID: 10^9 plus a value below 100,000, a 12.5 KB bitmap): a pair costs a bit test
/// in a bitmap that stays in the caches instead of a probe of a hash table that does not. The window
/// grows with the values seen (with room to grow again, as a list's array does), and a group gets its
/// words when it appears, while the bits stay within a bound (<see cref="BitsAlways"/>, <see cref="BitsPerPair"/>);
/// a batch that would take them past it is refused, and the caller moves the pairs into a hash set
/// (<see cref="MoveTo(GroupIntegerSet)"/>) that takes that batch and the rest. The words are rented
/// from <paramref name="buffers"/> (null: allocated).
/// </summary>
internal sealed class GroupIntegerBitmap(QueryBuffers? buffers = null)
{
    /// <summary>Bits always allowed: 4 MB, a few hundred groups of ClickBench's 100,000 users.</summary>
    private const long BitsAlways = 1L << 25;

    /// <summary>
    /// Past <see cref="BitsAlways"/>, bits allowed per pair: at this rate the bitmaps are no larger than the
    /// hash sets, whose slots hold at least 128 bits a value (<see cref="IntegerValueSet"/>, half full at most).
    /// </summary>
    private const long BitsPerPair = 128;

    /// <summary>The most words kept (1 GB), whatever the pairs.</summary>
    private const long MaxWords = 1L << 27;

    /// <summary>
    /// Groups' words are cut from blocks of at least this many (128 KB), rented from the query's buffers:
    /// a group's own 12.5 KB would be a gen-0 allocation that lives as long as the query, and hundreds of them
    /// promoted by the collections they cause made cb-region-users bimodal.
    /// </summary>
    private const int BlockWords = 1 << 14;

    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;

    /// <summary>Where each group's words are (the first <see cref="_groups"/>).</summary>
    private GroupWords[] _groupBits = [];

    /// <summary>The blocks the groups' words are cut from; the last has its words from <see cref="_blockUsed"/> on free.</summary>
    private readonly List<ulong[]> _blocks = [];
    private int _blockUsed;

    /// <summary>The value of bit 0 of each group's words.</summary>
    private long _low;

    /// <summary>Words per group (0 until the first value).</summary>
    private int _groupWords;

    /// <summary>Groups that have words.</summary>
    private int _groups;

    private long _count;

    /// <summary>The words of the blocks.</summary>
    private long _heldWords;

    /// <summary>The pairs in the set.</summary>
    public long Count => _count;

    /// <summary>Bytes of the words (for the query memory limit).</summary>
    public long Bytes => _heldWords * sizeof(ulong);

    /// <summary>
    /// As <see cref="GroupIntegerSet.AddRows"/>: adds the pair (<c>groups[k]</c>, <c>values[rows[k]]</c>) of every
    /// selected row that is not NULL, in order, and writes the rows and groups of the pairs that were new
    /// to <paramref name="newRows"/> and <paramref name="newGroups"/>; returns how many. -1, the set
    /// unchanged, when the bitmaps would outgrow their bound (groups are below <paramref name="groupCount"/>).
    /// </summary>
    public int TryAddRows(ReadOnlySpan<long> values, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount, Span<int> newRows, Span<int> newGroups)
    {
        long min = long.MaxValue, max = long.MinValue, present = 0;
        foreach (var row in rows)
        {
            if (nulls is null || !nulls[row])
            {
                var value = values[row];
                min = Math.Min(min, value);
                max = Math.Max(max, value);
                present++;
            }
        }

        if (present == 0)
        {
            return 0;
        }

        if (!Covers(min, max, groupCount) && !Widen(min, max, groupCount, present))
        {
            return -1;
        }

        var added = groupCount == 1 ? AddOneGroup(values, nulls, rows, newRows, newGroups) : AddGroups(values, nulls, rows, groups, newRows, newGroups);
        _count += added;
        return added;
    }

    /// <summary>Moves every pair into <paramref name="pairs"/> and gives the words back: the bitmap is not used again.</summary>
    public void MoveTo(GroupIntegerSet pairs)
    {
        foreach (var (group, value) in Pairs())
        {
            pairs.Add(group, value);
        }

        Release();
    }

    /// <summary>Moves the values of group 0, the only one, into <paramref name="values"/> and gives the words back: the bitmap is not used again.</summary>
    public void MoveTo(IntegerValueSet values)
    {
        foreach (var (_, value) in Pairs())
        {
            values.Add(value);
        }

        Release();
    }

    /// <summary>The pairs in the set, group by group, each group's values in ascending order.</summary>
    private IEnumerable<(int Group, long Value)> Pairs()
    {
        for (var group = 0; group < _groups; group++)
        {
            var (block, start) = _groupBits[group];
            for (var w = 0; w < _groupWords; w++)
            {
                for (var word = block[start + w]; word != 0; word &= word - 1)
                {
                    yield return (group, ValueOf(w, word));
                }
            }
        }
    }

    /// <summary>The rows of an aggregation's one group (its bits hoisted out of the loop).</summary>
    private int AddOneGroup(ReadOnlySpan<long> values, bool[]? nulls, ReadOnlySpan<int> rows, Span<int> newRows, Span<int> newGroups)
    {
        var ((block, start), low) = (_groupBits[0], _low);
        var bits = block.AsSpan(start, _groupWords);
        var added = 0;
        foreach (var row in rows)
        {
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            // Unchecked: the distance from low fits 64 bits even where the value's difference from it does not fit a long.
            var offset = unchecked((ulong)(values[row] - low));
            ref var word = ref bits[(int)(offset >> 6)];
            var bit = 1UL << (int)(offset & 63);
            if ((word & bit) == 0)
            {
                word |= bit;
                newRows[added] = row;
                newGroups[added++] = 0;
            }
        }

        return added;
    }

    private int AddGroups(ReadOnlySpan<long> values, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, Span<int> newRows, Span<int> newGroups)
    {
        var (groupBits, low) = (_groupBits, _low);
        var added = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            var offset = unchecked((ulong)(values[row] - low));
            var group = groups[k];
            ref var words = ref groupBits[group];
            ref var word = ref words.Block[words.Start + (int)(offset >> 6)];
            var bit = 1UL << (int)(offset & 63);
            if ((word & bit) == 0)
            {
                word |= bit;
                newRows[added] = row;
                newGroups[added++] = group;
            }
        }

        return added;
    }

    /// <summary>The value of the lowest bit set in <paramref name="word"/>, word <paramref name="index"/> of a group's words.</summary>
    private long ValueOf(int index, ulong word) => unchecked(_low + (((long)index * 64) + BitOperations.TrailingZeroCount(word)));

    private void Release()
    {
        ReturnBlocks(_blocks);
        _blocks.Clear();
        (_groupBits, _groupWords, _groups, _blockUsed) = ([], 0, 0, 0);
    }

    /// <summary>Whether values from <paramref name="min"/> to <paramref name="max"/> of groups below <paramref name="groupCount"/> have their bits already.</summary>
    private bool Covers(long min, long max, int groupCount) =>
        _groupWords > 0 && groupCount <= _groups && min >= _low && unchecked((ulong)(max - _low)) < (ulong)_groupWords * 64;

    /// <summary>
    /// Gives the groups below <paramref name="groupCount"/> words over a window that takes in <paramref name="min"/>
    /// to <paramref name="max"/>, with room for the window to double when it grows; false, nothing changed,
    /// when not even the exact window pays (<paramref name="present"/>: values of the batch). The window grows
    /// by whole words, so a group's old words are copied as they are.
    /// </summary>
    private bool Widen(long min, long max, int groupCount, long present)
    {
        // Windows start at multiples of 64 (as long.MinValue is one): growing down by whole words never passes it.
        var oldLow = _groupWords == 0 ? Floor64(min) : _low;
        var oldHigh = oldLow + ((long)_groupWords * 64) - 1;
        var below = min < oldLow ? WordsFor(oldLow - min) : 0;
        var above = max > oldHigh ? WordsFor(max - oldHigh) : 0;
        var neededWords = _groupWords + below + above;
        var groups = Math.Max(groupCount, _groups);

        // Room on the side the window grew: a window that grows value by value is laid out a logarithmic number of times.
        var roomyWords = below + above == 0 ? neededWords : Int128.Max(neededWords, 2L * _groupWords);
        var bound = Math.Min(MaxWords, Math.Max(BitsAlways, BitsPerPair * (_count + present)) / 64);
        var words = roomyWords * groups <= bound ? roomyWords : neededWords * groups <= bound ? neededWords : -1;
        if (words < 0)
        {
            return false;
        }

        // Growing down, the room goes below the values (as far as long.MinValue); otherwise above (past long.MaxValue it is never used).
        var roomBelow = below == 0 ? 0 : Int128.Min(words - neededWords, ((oldLow - long.MinValue) / 64) - below);
        var shift = (int)(below + roomBelow);
        var groupWords = (int)words;
        if (groups > _groupBits.Length)
        {
            Array.Resize(ref _groupBits, Math.Max(groups, 2 * _groupBits.Length));
        }

        if (groupWords != _groupWords)
        {
            // Every group's words again, from new blocks; the old blocks go back once copied.
            ulong[][] old = [.. _blocks];
            _blocks.Clear();
            _blockUsed = 0;
            for (var group = 0; group < _groups; group++)
            {
                var (block, start) = _groupBits[group];
                var grown = CutWords(groupWords);
                block.AsSpan(start, _groupWords).CopyTo(grown.Block.AsSpan(grown.Start + shift));
                _groupBits[group] = grown;
            }

            ReturnBlocks(old);
        }

        for (var group = _groups; group < groups; group++)
        {
            _groupBits[group] = CutWords(groupWords);
        }

        (_low, _groupWords, _groups) = ((long)(oldLow - (shift * (Int128)64)), groupWords, groups);
        return true;
    }

    /// <summary>
    /// <paramref name="count"/> zeroed words from the last block, or from a new one: the first just large enough
    /// (a small ungrouped set allocates little), the others of at least <see cref="BlockWords"/>.
    /// </summary>
    private GroupWords CutWords(int count)
    {
        if (_blocks.Count == 0 || _blocks[^1].Length - _blockUsed < count)
        {
            var block = _buffers.Rent<ulong>(_blocks.Count == 0 ? count : Math.Max(count, BlockWords));
            _blocks.Add(block);
            _heldWords += block.Length;
            _blockUsed = 0;
        }

        var words = new GroupWords(_blocks[^1], _blockUsed);
        _blockUsed += count;
        return words;
    }

    private void ReturnBlocks(IEnumerable<ulong[]> blocks)
    {
        foreach (var block in blocks)
        {
            _heldWords -= block.Length;
            _buffers.Return(block);
        }
    }

    /// <summary>The multiple of 64 at or below <paramref name="value"/>.</summary>
    private static Int128 Floor64(long value) => value & ~63L;

    /// <summary>Words that hold <paramref name="bits"/> bits.</summary>
    private static Int128 WordsFor(Int128 bits) => (bits + 63) / 64;

    /// <summary>A group's words: from <see cref="Start"/> in <see cref="Block"/>.</summary>
    private readonly record struct GroupWords(ulong[] Block, int Start);
}
