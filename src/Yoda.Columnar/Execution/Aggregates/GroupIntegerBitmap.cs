using System.Numerics;
using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// A set of (group, INTEGER value) pairs as one bitmap per group over a window of values shared by
/// the groups (bit <c>value - low</c> of the group's words), for COUNT(DISTINCT …) over a dense domain
/// (ClickBench's UserID: 10^9 plus a value below 100,000, a 12.5 KB bitmap): a pair costs a bit test
/// in a bitmap that stays in the caches instead of a probe of a hash table that does not. The window
/// grows with the values seen (with room to grow again, as a list's array does) and the groups'
/// bitmaps with the groups, while the bits stay within a bound (<see cref="Pays"/>); a batch that
/// would take them past it is refused, and the caller moves the pairs into a hash set
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

    /// <summary>The largest bitmap kept (1 GB), whatever the pairs: an array's length is an int.</summary>
    private const long MaxWords = 1L << 27;

    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    private ulong[] _words = [];

    /// <summary>The value of bit 0 of each group's words.</summary>
    private long _low;

    /// <summary>Words per group (0 until the first value); group g's are from <c>g * _groupWords</c>.</summary>
    private int _groupWords;

    /// <summary>Groups that have words.</summary>
    private int _groupCapacity;

    private long _count;

    /// <summary>The pairs in the set.</summary>
    public long Count => _count;

    /// <summary>Bytes of the words (for the query memory limit).</summary>
    public long Bytes => (long)_words.Length * sizeof(ulong);

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

        var words = _words;
        var (low, groupWords) = (_low, _groupWords);
        var added = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            // Unchecked: the distance from low fits 64 bits even where the value's difference from it does not fit a long.
            var offset = unchecked((ulong)(values[row] - low));
            var group = groups[k];
            ref var word = ref words[((long)group * groupWords) + (long)(offset >> 6)];
            var bit = 1UL << (int)(offset & 63);
            if ((word & bit) == 0)
            {
                word |= bit;
                newRows[added] = row;
                newGroups[added++] = group;
            }
        }

        _count += added;
        return added;
    }

    /// <summary>Moves every pair into <paramref name="pairs"/> and gives the words back: the bitmap is not used again.</summary>
    public void MoveTo(GroupIntegerSet pairs)
    {
        for (var group = 0; group < _groupCapacity; group++)
        {
            var first = group * _groupWords;
            for (var w = 0; w < _groupWords; w++)
            {
                for (var word = _words[first + w]; word != 0; word &= word - 1)
                {
                    pairs.Add(group, ValueOf(w, word));
                }
            }
        }

        Release();
    }

    /// <summary>Moves the values of group 0, the only one, into <paramref name="values"/> and gives the words back: the bitmap is not used again.</summary>
    public void MoveTo(IntegerValueSet values)
    {
        for (var w = 0; w < _groupWords; w++)
        {
            for (var word = _words[w]; word != 0; word &= word - 1)
            {
                values.Add(ValueOf(w, word));
            }
        }

        Release();
    }

    /// <summary>The value of the lowest bit set in <paramref name="word"/>, word <paramref name="index"/> of a group's words.</summary>
    private long ValueOf(int index, ulong word) => unchecked(_low + (((long)index * 64) + BitOperations.TrailingZeroCount(word)));

    private void Release()
    {
        _buffers.Return(_words);
        (_words, _groupWords, _groupCapacity) = ([], 0, 0);
    }

    /// <summary>Whether values from <paramref name="min"/> to <paramref name="max"/> of groups below <paramref name="groupCount"/> have their bits already.</summary>
    private bool Covers(long min, long max, int groupCount) =>
        _groupWords > 0 && groupCount <= _groupCapacity && min >= _low && unchecked((ulong)(max - _low)) < (ulong)_groupWords * 64;

    /// <summary>
    /// Lays the bitmaps out again over a window that takes in <paramref name="min"/> to <paramref name="max"/>
    /// and for at least <paramref name="groupCount"/> groups, with room for the window and the groups to
    /// double; false, nothing changed, when not even the exact window pays (<paramref name="present"/>: values of the batch).
    /// The window grows by whole words, so a group's old words are copied as they are.
    /// </summary>
    private bool Widen(long min, long max, int groupCount, long present)
    {
        // Windows start at multiples of 64 (as long.MinValue is one): growing down by whole words never passes it.
        var fresh = _groupWords == 0;
        var oldLow = fresh ? Floor64(min) : _low;
        var oldHigh = oldLow + ((long)_groupWords * 64) - 1;
        var below = min < oldLow ? WordsFor(oldLow - min) : 0;
        var above = max > oldHigh ? WordsFor(max - oldHigh) : 0;
        var neededWords = _groupWords + below + above;
        var capacity = groupCount <= _groupCapacity ? _groupCapacity : Math.Max(groupCount, 2 * _groupCapacity);

        // Room on the side the window grew: a window that grows value by value is laid out a logarithmic number of times.
        var roomyWords = below + above == 0 ? neededWords : Int128.Max(neededWords, 2L * _groupWords);
        var bound = Math.Min(MaxWords, Math.Max(BitsAlways, BitsPerPair * (_count + present)) / 64);
        Int128 words;
        if (roomyWords * capacity <= bound)
        {
            words = roomyWords;
        }
        else if (neededWords * groupCount <= bound)
        {
            (words, capacity) = (neededWords, Math.Max(groupCount, _groupCapacity));
        }
        else
        {
            return false;
        }

        // Growing down, the room goes below the values (as far as long.MinValue); otherwise above (past long.MaxValue it is never used).
        var room = words - neededWords;
        var roomBelow = below == 0 ? 0 : Int128.Min(room, ((oldLow - long.MinValue) / 64) - below);
        var shift = (int)(below + roomBelow);
        var groupWords = (int)words;
        var grown = _buffers.Rent<ulong>(capacity * groupWords);
        for (var group = 0; group < _groupCapacity; group++)
        {
            _words.AsSpan(group * _groupWords, _groupWords).CopyTo(grown.AsSpan((group * groupWords) + shift));
        }

        _buffers.Return(_words);
        (_words, _low, _groupWords, _groupCapacity) = (grown, (long)(oldLow - (shift * (Int128)64)), groupWords, capacity);
        return true;
    }

    /// <summary>The multiple of 64 at or below <paramref name="value"/>.</summary>
    private static Int128 Floor64(long value) => value & ~63L;

    /// <summary>Words that hold <paramref name="bits"/> bits.</summary>
    private static Int128 WordsFor(Int128 bits) => (bits + 63) / 64;
}
