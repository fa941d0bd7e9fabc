using static Yoda.Columnar.Execution.Aggregates.RealSumLanes;
using System.Runtime.CompilerServices;
using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// SUM, TOTAL or AVG of REALs in a form that merges in any order: per group a pair (hi, lo) kept by
/// Knuth's TwoSum (each addition's rounding error, exact, added into lo), the sum of the values'
/// magnitudes and the count (side by side in one <see cref="Parts"/> per group: a row's addition
/// checks one bound and touches one cache line), and the merges it took. A worker folds a morsel into one; a
/// <see cref="SumState"/> merges them (and folds its own rows the same way once it has); at the end
/// <see cref="CompensatedSumBound.TryRound"/> gives SQLite's compensated sum where the pair decides it.
/// With <paramref name="groupRows"/> (the aggregation's count of rows per group) it counts no values of its
/// own while every chunk's argument has no NULL; the first chunk with one starts its own counts from them.
/// </summary>
internal sealed class RealSumPartial(QueryBuffers? buffers = null, GroupRowCounts? groupRows = null) : AggregateState
{
    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    private Parts[] _parts = new Parts[16];
    private long[] _counts = new long[16];
    private long[] _merges = new long[16];

    // The aggregation's rows per group while they are this sum's counts, then null.
    private GroupRowCounts? _groupRows = groupRows;

    /// <summary>The non-NULL values group <paramref name="g"/> has had.</summary>
    public long Count(int g) => _groupRows?[g] ?? _counts[g];

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Fold(argument!, rows, groups, groupCount, groupRuns: false);
        argument!.ReturnToPool();
    }

    public override void UpdateRuns(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Fold(argument!, rows, groups, groupCount, groupRuns: true);
        argument!.ReturnToPool();
    }

    /// <summary>Adds the selected non-NULL values of a REAL vector into their groups; the vector is left to the caller.</summary>
    internal void Fold(ColumnVector argument, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount, bool groupRuns)
    {
        Grow(groupCount);
        var values = argument.DoubleValues;
        var nulls = argument.Nulls;
        if (nulls is not null)
        {
            GroupRowCounts.HandOver(ref _groupRows, _counts, groupCount);
        }

        if (groupCount == 1)
        {
            // Every row is group 0's: one run, without looking for its end.
            AddRun(0, values, nulls, rows);
            return;
        }

        if (groupRuns)
        {
            for (var start = 0; start < rows.Length;)
            {
                var g = groups[start];
                var end = start + 1;
                while (end < rows.Length && groups[end] == g)
                {
                    end++;
                }

                AddRun(g, values, nulls, rows[start..end]);
                start = end;
            }

            return;
        }

        if (_groupRows is not null)
        {
            AddUncounted(values, rows, groups);
            return;
        }

        var (parts, counts) = (_parts, _counts);
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is null || !nulls[row])
            {
                var g = groups[k];
                parts[g].Add(values[row]);
                counts[g]++;
            }
        }
    }

    /// <summary>The selected rows' values (none NULL) into their groups, uncounted: the group's rows are the count.</summary>
    private void AddUncounted(ReadOnlySpan<double> values, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        var parts = _parts;
        for (var k = 0; k < rows.Length; k++)
        {
            parts[groups[k]].Add(values[rows[k]]);
        }
    }

    /// <summary>
    /// The values of rows of one group, the group's pair held in registers: consecutive rows without NULLs (an
    /// ungrouped sum's stored chunk) in independent lanes (<see cref="RealSumLanes"/>, its merges counted).
    /// </summary>
    private void AddRun(int g, ReadOnlySpan<double> values, bool[]? nulls, ReadOnlySpan<int> rows)
    {
        var (high, low, magnitude) = (_parts[g].High, _parts[g].Low, _parts[g].Magnitude);
        long added = 0;
        if (nulls is null && rows.Length >= RealSumLanes.MinValues && Chunk.AreConsecutive(rows))
        {
            _merges[g] += RealSumLanes.Add(values.Slice(rows[0], rows.Length), ref high, ref low, ref magnitude);
            added = rows.Length;
        }
        else
        {
            foreach (var row in rows)
            {
                if (nulls is null || !nulls[row])
                {
                    var value = values[row];
                    (high, var error) = TwoSum(high, value);
                    low += error;
                    magnitude += Math.Abs(value);
                    added++;
                }
            }
        }

        _parts[g] = new Parts(high, low, magnitude);
        if (_groupRows is null)
        {
            _counts[g] += added;
        }
    }

    /// <summary>
    /// Adds another partial's groups (<c>partialGroups[k]</c> there is <c>groups[k]</c> here): the highs
    /// by TwoSum, its error and the lows into the low; two more roundings of each group's low.
    /// </summary>
    public override void Merge(AggregateState partial, ReadOnlySpan<int> partialGroups, ReadOnlySpan<int> groups, int groupCount)
    {
        Grow(groupCount);
        GroupRowCounts.HandOver(ref _groupRows, _counts, groupCount);
        var other = (RealSumPartial)partial;
        for (var k = 0; k < groups.Length; k++)
        {
            var (g, target) = (partialGroups[k], groups[k]);
            if (other.Count(g) == 0)
            {
                continue;
            }

            ref var into = ref _parts[target];
            var from = other._parts[g];
            RealSumLanes.Merge(ref into.High, ref into.Low, ref into.Magnitude, from.High, from.Low, from.Magnitude);
            _counts[target] += other.Count(g);
            _merges[target] += other._merges[g] + 1;
        }
    }

    /// <summary>SQLite's compensated sum of group <paramref name="g"/> when the bound decides it (see <see cref="CompensatedSumBound"/>).</summary>
    public bool TryValue(int g, out double sum) =>
        CompensatedSumBound.TryRound(_parts[g].High, _parts[g].Low, _parts[g].Magnitude, Steps(g), out sum);

    /// <summary>The roundings of group <paramref name="g"/>'s low: one a value, two a merge (of partials or of lanes).</summary>
    internal long Steps(int g) => Count(g) + (2 * _merges[g]);

    public override ColumnVector Result(int groupCount) =>
        throw new InvalidOperationException("a partial sum is merged into a SumState, never read on its own");

    internal void Grow(int groupCount)
    {
        Grow(_buffers, ref _parts, groupCount);
        Grow(_buffers, ref _counts, groupCount);
        Grow(_buffers, ref _merges, groupCount);
    }

    /// <summary>One group's TwoSum pair and magnitude sum.</summary>
    private struct Parts(double high, double low, double magnitude)
    {
        public double High = high;
        public double Low = low;
        public double Magnitude = magnitude;

        /// <summary>One value into the pair (its rounding error into the low) and its magnitude into the sum.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(double value)
        {
            (High, var error) = TwoSum(High, value);
            Low += error;
            Magnitude += Math.Abs(value);
        }
    }
}
