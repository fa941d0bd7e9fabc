namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Folds a chunk's INTEGER sum partials two at a time. A partial aggregation defers each <see cref="IntegerSumPartial"/>
/// that may add the chunk uncounted (<see cref="IntegerSumPartial.UncountedSums"/>: no NULL, its counts the group
/// rows, far from overflow) and, after its other states, adds them in pairs: one pass over the rows and their group
/// ids adds two columns (h2o-q4's AVG(v1) and AVG(v2)), where each sum alone reads the row and group id again. The
/// additions are the same, in the same order per sum, so every sum is the same.
/// </summary>
internal sealed class PairedIntegerSums
{
    private readonly List<(long[] Sums, ColumnVector Values)> _deferred = [];

    /// <summary>Defers <paramref name="state"/>'s fold of the chunk when it is an INTEGER sum partial that may add it uncounted.</summary>
    public bool TryDefer(AggregateState state, ColumnVector? argument, int rowCount, int groupCount)
    {
        if (state is not IntegerSumPartial sum || argument is null || sum.UncountedSums(argument, rowCount, groupCount) is not { } sums)
        {
            return false;
        }

        _deferred.Add((sums, argument));
        return true;
    }

    /// <summary>Adds the deferred sums' selected rows (<c>rows[k]</c> of group <c>groups[k]</c>), two columns a pass, and gives back their vectors.</summary>
    public void Fold(ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        var d = 0;
        for (; d + 1 < _deferred.Count; d += 2)
        {
            var (first, second) = (_deferred[d], _deferred[d + 1]);
            AddPair(first.Sums, first.Values.LongValues[..first.Values.Length], second.Sums, second.Values.LongValues[..second.Values.Length], rows, groups);
        }

        if (d < _deferred.Count)
        {
            var (sums, values) = _deferred[d];
            IntegerSumPartial.AddUnchecked(sums, values.LongValues[..values.Length], rows, groups);
        }

        foreach (var (_, values) in _deferred)
        {
            values.ReturnToPool();
        }

        _deferred.Clear();
    }

    /// <summary>Two columns' selected values (none NULL) added into their sums by one pass over the rows, unchecked and uncounted.</summary>
    internal static void AddPair(long[] firstSums, ReadOnlySpan<long> first, long[] secondSums, ReadOnlySpan<long> second, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        for (var k = 0; k < rows.Length; k++)
        {
            var (row, g) = (rows[k], groups[k]);
            firstSums[g] += first[row];
            secondSums[g] += second[row];
        }
    }
}
