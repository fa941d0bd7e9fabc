using Apache.Arrow;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

public sealed class JoinKeyFilterTests
{
    /// <summary>
    /// Once the join sets its build keys, the scan keeps every selected row whose key is one of them,
    /// and only non-NULL rows in the keys' range: exactly the matching rows when the keys are packed
    /// in a narrow range (a bitmap), the rows within the range when they are spread over the whole
    /// 64-bit range (the join tests them exactly). A segment is ruled out only when none of its rows
    /// can match. NULL and duplicate build keys, dense and sparse selections.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Keeps_the_rows_whose_key_the_build_side_has(sbyte[] valueSeeds, sbyte[] keySeeds, bool sparse, bool spread)
    {
        long Widen(sbyte seed) => spread ? seed * (long.MaxValue / 128) : 1_000 + seed;
        var values = valueSeeds.Select(s => s == sbyte.MinValue ? (long?)null : Widen(s)).ToArray();
        var keys = keySeeds.Select(s => s == sbyte.MinValue ? (long?)null : Widen(s)).ToArray();
        var filter = new JoinKeyFilter(0, "keys");
        filter.Set(keys.Select(k => k ?? 0).ToArray(), keys.Select(k => k is null).ToArray());

        var builder = new Int64Array.Builder();
        foreach (var value in values)
        {
            builder = value is { } v ? builder.Append(v) : builder.AppendNull();
        }

        var array = builder.Build();
        var selected = Enumerable.Range(0, values.Length).Where(i => !sparse || i % 3 == 1).ToArray();
        var rows = (int[])selected.Clone();
        var kept = selected.Length == 0 ? 0 : filter.Filter(array, 0, rows, rows.Length, dense: !sparse);
        var expected = selected.Where(i => values[i] is { } v && keys.Contains(v)).ToArray();
        var present = keys.OfType<long>().ToArray();
        var inRange = selected.Where(i => values[i] is { } v && present.Length > 0 && v >= present.Min() && v <= present.Max()).ToArray();
        var keptRows = rows[..kept];
        var rowsRight = spread ? expected.All(keptRows.Contains) && keptRows.SequenceEqual(inRange.Intersect(keptRows)) : keptRows.SequenceEqual(expected);
        var segmentMayMatch = ZoneMap.Of(array) is not { } zone || filter.MayMatch(zone);
        return rowsRight && (segmentMayMatch || expected.Length == 0);
    }

    [Fact]
    public void Before_the_keys_are_set_and_after_they_are_cleared_every_row_with_a_key_passes()
    {
        var array = new Int64Array.Builder().Append(5).AppendNull().Append(-7).Build();
        var filter = new JoinKeyFilter(0, "keys");
        var rows = new int[3];
        Assert.Equal([0, 2], rows[..filter.Filter(array, 0, rows, 3, dense: true)]);

        filter.Set([5], null);
        Assert.Equal([0], rows[..filter.Filter(array, 0, rows, 3, dense: true)]);

        filter.Clear();
        Assert.Equal([0, 2], rows[..filter.Filter(array, 0, rows, 3, dense: true)]);
        Assert.True(filter.MayMatch(ZoneMap.Of(array)!));
    }

    [Fact]
    public void An_empty_build_side_rules_out_every_segment_and_row()
    {
        var array = new Int64Array.Builder().Append(5).Append(6).Build();
        var filter = new JoinKeyFilter(0, "keys");
        filter.Set([1, 2], [true, true]);
        var rows = new int[2];
        Assert.Equal(0, filter.Filter(array, 0, rows, 2, dense: true));
        Assert.False(filter.MayMatch(ZoneMap.Of(array)!));
    }

    /// <summary>
    /// The join-key filter's mask kernel (the scan tests it on a row mask when it comes first) keeps
    /// exactly the rows its selection filter keeps: set rows whose key is one of the join's keys, never
    /// a NULL key; keys in a bitmap (a narrow range) or tested by range alone (a wide one), no keys at
    /// all, or not set yet (every row with a key passes).
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Narrowing_a_mask_keeps_the_rows_filtering_keeps(byte[] valueSeeds, byte[] keySeeds, ulong[] maskSeeds, bool wide, bool unset, byte startSeed)
    {
        var values = valueSeeds.Concat(valueSeeds.Reverse()).Concat(valueSeeds).Select(b => b % 11 == 3 ? (long?)null : Key(b, wide)).ToArray();
        if (values.Length == 0)
        {
            return true;
        }

        var builder = new Int64Array.Builder();
        foreach (var value in values)
        {
            _ = value is { } v ? builder.Append(v) : builder.AppendNull();
        }

        var array = builder.Build();
        var filter = new JoinKeyFilter(0, "k IN (keys of the join)");
        if (!unset)
        {
            var keys = keySeeds.Select(b => Key(b, wide)).ToArray();
            filter.Set(keys, keySeeds.Select(b => b % 7 == 0).ToArray());
        }

        var start = startSeed % values.Length;
        var length = Math.Min(values.Length - start, Chunk.Capacity);
        var mask = new ulong[(length + 63) / 64];
        for (var w = 0; w < mask.Length; w++)
        {
            mask[w] = maskSeeds.Length == 0 || w % 3 == 0 ? ulong.MaxValue : maskSeeds[w % maskSeeds.Length];
        }

        if (length % 64 != 0)
        {
            mask[^1] &= (1UL << length) - 1;
        }

        var rows = Enumerable.Range(0, length).Where(i => (mask[i / 64] >> i & 1) != 0).ToArray();
        var filtered = new int[Chunk.Capacity];
        rows.CopyTo(filtered, 0);
        var kept = filter.Filter(array, start, filtered, rows.Length, dense: rows.Length == length);
        filter.Narrow(array, start, length, mask, new int[Chunk.Capacity]);
        var narrowed = Enumerable.Range(0, length).Where(i => (mask[i / 64] >> i & 1) != 0);
        return filter.HasMaskKernel(array) && narrowed.SequenceEqual(filtered.Take(kept));
    }

    /// <summary>
    /// Whole 64-row words (the branch-free test of all 64 keys) and sparse ones give the rows that are set and
    /// whose key is a build key: build keys with gaps, keys just outside the range on both sides, the extremes
    /// of the 64-bit range (whose offsets from the low key wrap around), NULL slots, a bitmap or the range alone,
    /// a chunk not starting at row 0 and not a multiple of 64 rows long.
    /// </summary>
    [Property(MaxTest = 200)]
    public bool Narrowing_whole_words_keeps_exactly_the_build_keys(int seed, bool wide, byte startSeed, byte tailSeed)
    {
        var random = new Random(seed);
        var step = wide ? 3_000_000_000L : 3;
        var buildKeys = Enumerable.Range(0, 40).Select(i => 5_000 + (i * step)).Where(_ => random.Next(3) > 0).ToArray();
        long Probe() => random.Next(10) switch
        {
            0 => long.MinValue,
            1 => long.MaxValue,
            2 => 4_999 - random.Next(3),
            _ => 5_000 + (random.Next(-2, 45) * step) + (wide ? 0 : random.Next(2)),
        };

        var builder = new Int64Array.Builder();
        var values = new long?[720];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(17) == 0 ? null : Probe();
            _ = values[i] is { } v ? builder.Append(v) : builder.AppendNull();
        }

        var filter = new JoinKeyFilter(0, "k IN (keys of the join)");
        filter.Set(buildKeys, null);
        var (start, length) = (startSeed % 64, 400 + tailSeed);
        var mask = new ulong[(length + 63) / 64];
        for (var w = 0; w < mask.Length; w++)
        {
            mask[w] = (w % 3) switch { 0 => ulong.MaxValue, 1 => (ulong)random.NextInt64() | 0xFFFF_FFFF, _ => (ulong)random.NextInt64() & 0x0101_0101_0101_0101 };
        }

        mask[^1] &= length % 64 == 0 ? ulong.MaxValue : (1UL << length) - 1;
        // Keys spread wide are tested by their range alone (no bitmap): the join tests the rows that pass exactly.
        bool Passes(long v) => wide ? buildKeys.Length > 0 && v >= buildKeys.Min() && v <= buildKeys.Max() : buildKeys.Contains(v);
        var expected = Enumerable.Range(0, length)
            .Where(i => (mask[i / 64] >> i & 1) != 0 && values[start + i] is { } v && Passes(v))
            .ToArray();
        filter.Narrow(builder.Build(), start, length, mask, new int[Chunk.Capacity]);
        var narrowed = Enumerable.Range(0, length).Where(i => (mask[i / 64] >> i & 1) != 0).ToArray();
        return narrowed.SequenceEqual(expected);
    }

    /// <summary>Keys near 1,000 (a bitmap) or spread over 10^12 (the range alone).</summary>
    private static long Key(byte seed, bool wide) => wide ? seed * 4_000_000_000L - 7 : 1_000 + (seed % 90);
}
