using System.Numerics;
using System.Runtime.Intrinsics;
using Apache.Arrow;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// A runtime filter: the INTEGER keys of an inner hash join's build side, tested in the scan of the
/// side that probes it: the range of the build keys, and a bitmap of them when the range is not much
/// wider than their number. A segment whose zone map holds none of the keys is skipped, and a row
/// whose key is outside the range or the bitmap (or is NULL, which no inner join matches) is dropped
/// before any of its values is read; the join still tests the rows that pass. Until the join sets
/// the keys, every row with a key passes.
/// </summary>
public sealed class JoinKeyFilter(int column, string description) : ScanPredicate(column, description)
{
    /// <summary>A mask word with at least this many rows set tests all 64 keys (the cost of a branch-free key is about half a sparse lookup's).</summary>
    private const int DenseWordRows = 32;

    private bool _set;
    private bool _empty;
    private long _low;
    private long _high;
    private ulong[]? _bits;

    /// <summary>Restricts the scan to <paramref name="keys"/> (its NULL rows ignored); the bitmap counts against the query's <paramref name="memory"/> and is rented from its buffers.</summary>
    public void Set(ReadOnlySpan<long> keys, bool[]? nulls, QueryMemory? memory = null)
    {
        var (low, high, count) = (long.MaxValue, long.MinValue, 0);
        for (var i = 0; i < keys.Length; i++)
        {
            if (nulls is null || !nulls[i])
            {
                (low, high, count) = (Math.Min(low, keys[i]), Math.Max(high, keys[i]), count + 1);
            }
        }

        (_set, _empty, _low, _high, _bits) = (true, count == 0, low, high, null);
        var lastBit = (ulong)(high - low);
        if (KeyBitmap.Pays(lastBit, count))
        {
            var words = KeyBitmap.Words(lastBit);
            memory?.Reserve(words * 8L);
            var bits = (memory?.Buffers ?? QueryBuffers.Unpooled).Rent<ulong>(words);
            for (var i = 0; i < keys.Length; i++)
            {
                if (nulls is null || !nulls[i])
                {
                    KeyBitmap.Set(bits, (ulong)(keys[i] - low));
                }
            }

            _bits = bits;
        }
    }

    /// <summary>Lets every row with a key pass again (the join builds on the other side).</summary>
    public void Clear() => (_set, _bits) = (false, null);

    public override bool MayMatch(ZoneMap zone)
    {
        if (!_set)
        {
            return true;
        }

        if (zone.Min is not long min || zone.Max is not long max)
        {
            return zone.HasValues && !_empty;
        }

        var (from, to) = (Math.Max(min, _low), Math.Min(max, _high));
        return from <= to && (_bits is null || KeyBitmap.AnyBit(_bits, (ulong)(from - _low), (ulong)(to - _low)));
    }

    protected override int FilterValues(IArrowArray array, int start, int[] rows, int count, bool dense)
    {
        if (_set && _empty)
        {
            return 0;
        }

        if (!_set || array is not Int64Array stored)
        {
            return count;
        }

        var values = stored.Values[start..];
        var (low, width, bits) = (_low, (ulong)(_high - _low), _bits);
        var kept = 0;
        for (var k = 0; k < count; k++)
        {
            var row = rows[k];
            rows[kept] = row;
            var offset = (ulong)(values[row] - low);
            kept += offset <= width && (bits is null || KeyBitmap.IsSet(bits, offset)) ? 1 : 0;
        }

        return kept;
    }

    public override bool HasMaskKernel(IArrowArray array) => array is Int64Array;

    /// <summary>
    /// Clears the mask bits of the rows whose key is outside the range or the bitmap. A word with at least
    /// <see cref="DenseWordRows"/> rows still set tests all its 64 keys without branches (<see cref="InRange"/>,
    /// <see cref="InBitmap"/>); a sparser word (or the last, partial one) looks up only the rows still set.
    /// </summary>
    protected override void NarrowValues(IArrowArray array, int start, int length, Span<ulong> mask)
    {
        if (!_set)
        {
            return;
        }

        if (_empty)
        {
            mask.Clear();
            return;
        }

        var values = ((Int64Array)array).Values.Slice(start, length);
        var (low, width, bits) = (_low, (ulong)(_high - _low), _bits);
        for (var w = 0; w < mask.Length; w++)
        {
            var kept = mask[w];
            if (BitOperations.PopCount(kept) >= DenseWordRows && (w << 6) + 64 <= values.Length)
            {
                var block = values.Slice(w << 6, 64);
                mask[w] = kept & (bits is null ? InRange(block, low, width) : InBitmap(block, low, width, bits));
                continue;
            }

            for (var rest = kept; rest != 0; rest &= rest - 1)
            {
                var bit = BitOperations.TrailingZeroCount(rest);
                var offset = (ulong)(values[(w << 6) + bit] - low);
                var passes = offset <= width && (bits is null || KeyBitmap.IsSet(bits, offset));
                kept &= ~((passes ? 0UL : 1UL) << bit);
            }

            mask[w] = kept;
        }
    }

    /// <summary>Bit <c>i</c> set when key <c>i</c> of the 64 is within the range: four keys per SIMD compare.</summary>
    private static ulong InRange(ReadOnlySpan<long> block, long low, ulong width)
    {
        var (lows, widths) = (Vector256.Create((ulong)low), Vector256.Create(width));
        var passed = 0UL;
        for (var k = 0; k < block.Length; k += Vector256<long>.Count)
        {
            var offsets = Vector256.Create(block.Slice(k, Vector256<long>.Count)).AsUInt64() - lows;
            passed |= (ulong)Vector256.LessThanOrEqual(offsets, widths).ExtractMostSignificantBits() << k;
        }

        return passed;
    }

    /// <summary>
    /// Bit <c>i</c> set when key <c>i</c> of the 64 is within the range and its bit is set: a key outside the
    /// range reads bit 0 of the bitmap and is masked off, so there is no branch per key (keys in a 64-row
    /// word are typically a mix of hits and misses, which a branch would mispredict).
    /// </summary>
    private static ulong InBitmap(ReadOnlySpan<long> block, long low, ulong width, ulong[] bits)
    {
        var passed = 0UL;
        for (var k = 0; k < block.Length; k++)
        {
            var offset = (ulong)(block[k] - low);
            var inRange = offset <= width;
            var at = inRange ? offset : 0;
            passed |= ((bits[at >> 6] >> (int)(at & 63)) & (inRange ? 1UL : 0UL)) << k;
        }

        return passed;
    }
}
