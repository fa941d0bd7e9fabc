using System.Numerics;
using Apache.Arrow;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// <c>column IN set</c> on an Int64 column for a set of integers known only once the query runs
/// (the INTEGER members of an uncorrelated IN subquery, tpch-q18's <c>o_orderkey IN (SELECT …)</c>):
/// exact, unlike <see cref="JoinKeyFilter"/>, so the conjunct needs no filter above the scan. The set
/// is asked for when the first row reaches this predicate (never for a scan that no row reaches, as
/// SQLite evaluates the subquery only for a row it tests), then kept: a bitmap over the members'
/// range when that range is not much wider than their number, else the set itself. Once known, a
/// segment whose zone map holds no member is skipped.
/// </summary>
public sealed class IntegerSetPredicate(int column, Func<IReadOnlySet<long>> members, string description, QueryMemory? memory = null)
    : ScanPredicate(column, description)
{
    // Guards _asking and the waits for the members; _known is read without it once set.
    private readonly object _gate = new();
    private bool _asking;
    private Known? _known;

    public override bool MayMatch(ZoneMap zone)
    {
        if (Volatile.Read(ref _known) is not { } known)
        {
            return true;
        }

        if (zone.Min is not long min || zone.Max is not long max)
        {
            return zone.HasValues && known.Set.Count > 0;
        }

        var (from, to) = (Math.Max(min, known.Low), Math.Min(max, known.High));
        return from <= to && (known.Bits is null || KeyBitmap.AnyBit(known.Bits, (ulong)(from - known.Low), (ulong)(to - known.Low)));
    }

    protected override int FilterValues(IArrowArray array, int start, int[] rows, int count, bool dense)
    {
        var known = Members();
        var values = ((Int64Array)array).Values[start..];
        var kept = 0;
        if (known.Bits is { } bits)
        {
            var (low, width) = (known.Low, (ulong)(known.High - known.Low));
            for (var k = 0; k < count; k++)
            {
                var row = rows[k];
                rows[kept] = row;
                var offset = (ulong)(values[row] - low);
                kept += offset <= width && KeyBitmap.IsSet(bits, offset) ? 1 : 0;
            }

            return kept;
        }

        var set = known.Set;
        for (var k = 0; k < count; k++)
        {
            var row = rows[k];
            rows[kept] = row;
            kept += set.Contains(values[row]) ? 1 : 0;
        }

        return kept;
    }

    public override bool HasMaskKernel(IArrowArray array) => array is Int64Array;

    /// <summary>Clears the mask bits of the rows whose value is not a member (only the rows still set are looked up).</summary>
    protected override void NarrowValues(IArrowArray array, int start, int length, Span<ulong> mask)
    {
        if (!mask.ContainsAnyExcept(0UL))
        {
            return;
        }

        var known = Members();
        var values = ((Int64Array)array).Values.Slice(start, length);
        var (low, width, bits, set) = (known.Low, (ulong)(known.High - known.Low), known.Bits, known.Set);
        for (var w = 0; w < mask.Length; w++)
        {
            var kept = mask[w];
            for (var rest = kept; rest != 0; rest &= rest - 1)
            {
                var bit = BitOperations.TrailingZeroCount(rest);
                var value = values[(w << 6) + bit];
                var offset = (ulong)(value - low);
                var passes = bits is null ? set.Contains(value) : offset <= width && KeyBitmap.IsSet(bits, offset);
                kept &= ~((passes ? 0UL : 1UL) << bit);
            }

            mask[w] = kept;
        }
    }

    /// <summary>
    /// The members, asked for once, by the first thread whose rows reach the predicate. The others block
    /// until it is done, without spinning: the subquery takes long enough (tpch-q18's aggregate over all of
    /// lineitem) that a spinning lock's waiter burnt a core its own morsels' workers needed. If asking
    /// fails, the thread that asked throws, and the next to come asks again, as a serial run would.
    /// </summary>
    private Known Members()
    {
        if (Volatile.Read(ref _known) is { } known)
        {
            return known;
        }

        lock (_gate)
        {
            while (_asking)
            {
                Monitor.Wait(_gate);
            }

            if (_known is { } asked)
            {
                return asked;
            }

            _asking = true;
        }

        Known? found = null;
        try
        {
            found = Of(members());
            return found;
        }
        finally
        {
            lock (_gate)
            {
                _asking = false;
                Volatile.Write(ref _known, found);
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>The set with its range, and a bitmap over the range when it pays.</summary>
    private Known Of(IReadOnlySet<long> set)
    {
        var (low, high) = set.Count == 0 ? (0L, -1L) : (set.Min(), set.Max());
        ulong[]? bits = null;
        var lastBit = (ulong)(high - low);
        if (KeyBitmap.Pays(lastBit, set.Count))
        {
            // Kept for the rest of the statement (a plan that runs again reuses it), so counted against the statement.
            bits = new ulong[KeyBitmap.Words(lastBit)];
            memory?.Statement.Reserve(bits.Length * 8L);
            foreach (var value in set)
            {
                KeyBitmap.Set(bits, (ulong)(value - low));
            }
        }

        return new Known(set, low, high, bits);
    }

    /// <summary>The members with their range (empty: low 0, high -1), and the bitmap over it when one is kept.</summary>
    private sealed record Known(IReadOnlySet<long> Set, long Low, long High, ulong[]? Bits);
}
