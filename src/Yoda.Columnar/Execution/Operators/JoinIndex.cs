namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// The hash table of an equi-join on one INTEGER key, built once from the build side's key column
/// and then only read: for each key its first row, and for each row the next row of the same key,
/// in ascending row order (so matches come out in build-row order). NULL keys are left out.
/// Keys that span a range no wider than a few times the row count (surrogate keys, dense ids) are
/// direct-indexed by <c>key - min</c>; other keys go through open addressing with linear probing
/// over flat arrays at most half full. Either way a probe touches one or two cache lines and
/// nothing is allocated per row.
/// </summary>
internal sealed class JoinIndex
{
    private const int NoRow = -1;

    /// <summary>Direct indexing when the key range is at most this many times the row count.</summary>
    private const long DirectSpread = 4;

    /// <summary>The hashed layout stays at most half full in an array of at most 2^30 slots.</summary>
    private const int MaxHashedKeys = 1 << 29;

    private readonly int[] _heads;
    private readonly int[] _next;

    /// <summary>The hashed layout's key of each slot (empty slots have head <see cref="NoRow"/>); null when direct.</summary>
    private readonly long[]? _slotKeys;

    private readonly long _min;
    private readonly int _shift;

    private JoinIndex(int[] heads, int[] next, long[]? slotKeys, long min, int shift)
    {
        (_heads, _next, _slotKeys, _min, _shift) = (heads, next, slotKeys, min, shift);
    }

    public static JoinIndex Build(ColumnVector keys, int rowCount, QueryMemory? memory, CancellationToken ct)
    {
        var (min, max, nonNull) = Range(keys, rowCount);
        var next = new int[rowCount];
        if (nonNull > 0 && (ulong)(max - min) < (ulong)Math.Max(1024, DirectSpread * rowCount))
        {
            memory?.Reserve(rowCount * 4L + (max - min + 1) * 4L);
            var heads = new int[max - min + 1];
            heads.AsSpan().Fill(NoRow);
            for (var r = rowCount - 1; r >= 0; r--)
            {
                CheckCancellation(r, ct);
                if (!keys.IsNull(r))
                {
                    ref var head = ref heads[keys.Longs[r] - min];
                    next[r] = head;
                    head = r;
                }
            }

            return new JoinIndex(heads, next, null, min, 0);
        }

        if (nonNull > MaxHashedKeys)
        {
            throw new YodaException($"a hash join building on more than {MaxHashedKeys:N0} rows is not supported yet");
        }

        var bits = Math.Max(4, 64 - (int)long.LeadingZeroCount(Math.Max(1, nonNull) * 2L - 1));
        memory?.Reserve(rowCount * 4L + (1L << bits) * 12L);
        var slotHeads = new int[1 << bits];
        var slotKeys = new long[1 << bits];
        slotHeads.AsSpan().Fill(NoRow);
        var shift = 64 - bits;
        var mask = slotHeads.Length - 1;
        for (var r = rowCount - 1; r >= 0; r--)
        {
            CheckCancellation(r, ct);
            if (keys.IsNull(r))
            {
                continue;
            }

            var key = keys.Longs[r];
            var slot = Home(key, shift);
            while (slotHeads[slot] != NoRow && slotKeys[slot] != key)
            {
                slot = (slot + 1) & mask;
            }

            next[r] = slotHeads[slot];
            slotHeads[slot] = r;
            slotKeys[slot] = key;
        }

        return new JoinIndex(slotHeads, next, slotKeys, 0, shift);
    }

    /// <summary>The first build row whose key is <paramref name="key"/>, or -1.</summary>
    public int First(long key)
    {
        if (_slotKeys is null)
        {
            var offset = (ulong)(key - _min);
            return offset < (ulong)_heads.Length ? _heads[offset] : NoRow;
        }

        var mask = _heads.Length - 1;
        for (var slot = Home(key, _shift); ; slot = (slot + 1) & mask)
        {
            var head = _heads[slot];
            if (head == NoRow || _slotKeys[slot] == key)
            {
                return head;
            }
        }
    }

    /// <summary>The next build row after <paramref name="row"/> with the same key, or -1.</summary>
    public int Next(int row) => _next[row];

    /// <summary>Fibonacci hashing: the top bits of the key times 2^64/φ spread sequential keys over the table.</summary>
    private static int Home(long key, int shift) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> shift);

    private static (long Min, long Max, int NonNull) Range(ColumnVector keys, int rowCount)
    {
        var (min, max, nonNull) = (long.MaxValue, long.MinValue, 0);
        for (var r = 0; r < rowCount; r++)
        {
            if (!keys.IsNull(r))
            {
                var key = keys.Longs[r];
                (min, max) = (Math.Min(min, key), Math.Max(max, key));
                nonNull++;
            }
        }

        return (min, max, nonNull);
    }

    private static void CheckCancellation(int row, CancellationToken ct)
    {
        if ((row & 4095) == 0)
        {
            ct.ThrowIfCancellationRequested();
        }
    }
}
