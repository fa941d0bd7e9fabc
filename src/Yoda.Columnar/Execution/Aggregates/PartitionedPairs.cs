namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// One morsel's non-NULL (group, value) pairs of a COUNT(DISTINCT …) over INTEGERs or REALs, kept
/// in row order as they come and, once the morsel is complete, sorted by a hash of the value into
/// <see cref="Partitions"/> runs (a counting sort: two sequential passes): equal pairs always fall into the same
/// partition, so the partitions' sets of distinct pairs can be built on different threads and their
/// counts added (<see cref="Operators.HashAggregateOperator"/>'s partitioned distinct counts).
/// REALs are kept as the INTEGER keys of their equality classes, as <see cref="DistinctState"/> keeps them.
/// Without groups only the values are kept (every pair is in group 0).
/// </summary>
internal sealed class PartitionedPairs(bool grouped)
{
    public const int PartitionBits = 6;

    public const int Partitions = 1 << PartitionBits;

    private long[] _values = [];
    private int[] _groups = [];
    private int _count;

    // Where each partition's run begins in _values and _groups once complete (the last entry: the end).
    private readonly int[] _starts = new int[Partitions + 1];

    /// <summary>Bytes of the arrays (for the query memory limit).</summary>
    public long Bytes => (_values.Length * 8L) + (_groups.Length * 4L);

    /// <summary>The pairs in all partitions.</summary>
    public int Count => _count;

    public ReadOnlySpan<long> Values(int partition) => _values.AsSpan(_starts[partition], _starts[partition + 1] - _starts[partition]);

    /// <summary>The pairs' groups in <paramref name="partition"/>; empty without groups.</summary>
    public ReadOnlySpan<int> Groups(int partition) => grouped ? _groups.AsSpan(_starts[partition], _starts[partition + 1] - _starts[partition]) : default;

    /// <summary>Adds the pair (<c>groups[k]</c>, the value of row <c>rows[k]</c>) of every selected row whose value is not NULL.</summary>
    public void Add(ColumnVector values, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        if (_values.Length < _count + rows.Length)
        {
            var capacity = Math.Max(_count + rows.Length, _values.Length * 2);
            Array.Resize(ref _values, capacity);
            if (grouped)
            {
                Array.Resize(ref _groups, capacity);
            }
        }

        var nulls = values.Nulls;
        var kept = _values.AsSpan(_count);
        var keptGroups = grouped ? _groups.AsSpan(_count) : default;
        var n = 0;
        if (values.Kind == ValueKind.Integer)
        {
            var longs = values.LongValues;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                if (nulls is null || !nulls[row])
                {
                    kept[n] = longs[row];
                    if (grouped)
                    {
                        keptGroups[n] = groups[k];
                    }

                    n++;
                }
            }
        }
        else
        {
            var doubles = values.DoubleValues;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                if (nulls is null || !nulls[row])
                {
                    kept[n] = RealKey(doubles[row]);
                    if (grouped)
                    {
                        keptGroups[n] = groups[k];
                    }

                    n++;
                }
            }
        }

        _count += n;
    }

    /// <summary>Sorts the pairs into their partitions' runs, once all the morsel's rows are in.</summary>
    public void Complete()
    {
        var values = _values.AsSpan(0, _count);
        var partitions = new byte[_count];
        Span<int> ends = stackalloc int[Partitions];
        for (var k = 0; k < values.Length; k++)
        {
            var partition = PartitionOf(values[k]);
            partitions[k] = (byte)partition;
            ends[partition]++;
        }

        var start = 0;
        for (var p = 0; p < Partitions; p++)
        {
            (_starts[p], start, ends[p]) = (start, start + ends[p], start);
        }

        _starts[Partitions] = start;
        var sorted = new long[_count];
        var sortedGroups = grouped ? new int[_count] : [];
        for (var k = 0; k < values.Length; k++)
        {
            var at = ends[partitions[k]]++;
            sorted[at] = values[k];
            if (grouped)
            {
                sortedGroups[at] = _groups[k];
            }
        }

        (_values, _groups) = (sorted, sortedGroups);
    }

    /// <summary>The INTEGER key of a REAL's equality class: its bits, with -0.0 as 0.0 (equal in SQL) and one NaN for every NaN.</summary>
    private static long RealKey(double value) =>
        BitConverter.DoubleToInt64Bits(value == 0 ? 0.0 : double.IsNaN(value) ? double.NaN : value);

    /// <summary>
    /// The partition of a pair: by its value alone (the group is the morsel's own id, another in every
    /// morsel), the top bits of a hash with another multiplier than <see cref="GroupIntegerSet"/>'s, so
    /// that the pairs of one partition still spread over all of its set's slots.
    /// </summary>
    private static int PartitionOf(long value) => (int)(((ulong)value * 0xD6E8FEB86659FD93UL) >> (64 - PartitionBits));
}
