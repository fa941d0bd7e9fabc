namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// One morsel's non-NULL (group, value) pairs of a COUNT(DISTINCT …) over INTEGERs or REALs, split
/// by a hash of the value into <see cref="Partitions"/> runs: equal pairs always fall into the same
/// partition, so the partitions' sets of distinct pairs can be built on different threads and their
/// counts added (<see cref="Operators.HashAggregateOperator"/>'s partitioned distinct counts).
/// REALs are kept as the INTEGER keys of their equality classes, as <see cref="DistinctState"/> keeps them.
/// Without groups only the values are kept (every pair is in group 0).
/// </summary>
internal sealed class PartitionedPairs
{
    public const int PartitionBits = 4;

    public const int Partitions = 1 << PartitionBits;

    private const int InitialCapacity = 256;

    private readonly long[][] _values = new long[Partitions][];
    private readonly int[][]? _groups;
    private readonly int[] _counts = new int[Partitions];

    // The morsel's pairs so far, and the buffers of one chunk's new pairs, REAL keys and group ids (0 without groups).
    private GroupIntegerSet _seen = new();
    private int[] _newRows = [];
    private int[] _newGroups = [];
    private long[] _realKeys = [];
    private int[] _noGroups = [];

    public PartitionedPairs(bool grouped)
    {
        for (var p = 0; p < Partitions; p++)
        {
            _values[p] = new long[InitialCapacity];
        }

        if (grouped)
        {
            _groups = new int[Partitions][];
            for (var p = 0; p < Partitions; p++)
            {
                _groups[p] = new int[InitialCapacity];
            }
        }
    }

    /// <summary>Bytes of the arrays (for the query memory limit).</summary>
    public long Bytes
    {
        get
        {
            long bytes = 0;
            for (var p = 0; p < Partitions; p++)
            {
                bytes += (_values[p].Length * 8L) + (_groups is null ? 0 : _groups[p].Length * 4L);
            }

            return bytes;
        }
    }

    public ReadOnlySpan<long> Values(int partition) => _values[partition].AsSpan(0, _counts[partition]);

    /// <summary>The pairs' groups in <paramref name="partition"/>; empty without groups.</summary>
    public ReadOnlySpan<int> Groups(int partition) => _groups is null ? default : _groups[partition].AsSpan(0, _counts[partition]);

    /// <summary>
    /// Adds the pair (<c>groups[k]</c>, the value of row <c>rows[k]</c>) of every selected row whose
    /// value is not NULL and that the morsel has not had before: a morsel's own set keeps out its
    /// repeats (ClickBench's users recur), which spares the partitions' sets most of their probes
    /// and bounds what is kept to the morsel's distinct pairs.
    /// </summary>
    public void Add(ColumnVector values, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        if (_newRows.Length < rows.Length)
        {
            _newRows = new int[rows.Length];
            _newGroups = new int[rows.Length];
        }

        if (groups.IsEmpty)
        {
            if (_noGroups.Length < rows.Length)
            {
                _noGroups = new int[rows.Length];
            }

            groups = _noGroups.AsSpan(0, rows.Length);
        }

        var keys = values.Kind == ValueKind.Integer ? values.LongValues : RealKeys(values.DoubleValues, rows);
        var added = _seen.AddRows(keys, values.Nulls, rows, groups, _newRows, _newGroups);
        for (var k = 0; k < added; k++)
        {
            Add(_newGroups[k], keys[_newRows[k]]);
        }
    }

    /// <summary>The selected REALs' keys (<see cref="RealKey"/>), at their rows.</summary>
    private ReadOnlySpan<long> RealKeys(ReadOnlySpan<double> values, ReadOnlySpan<int> rows)
    {
        if (_realKeys.Length < values.Length)
        {
            _realKeys = new long[values.Length];
        }

        foreach (var row in rows)
        {
            _realKeys[row] = RealKey(values[row]);
        }

        return _realKeys.AsSpan(0, values.Length);
    }

    /// <summary>Drops the morsel's own set and buffers once all its rows are in: only the pairs are kept until the partitions are counted.</summary>
    public void Complete()
    {
        _seen = new GroupIntegerSet();
        (_newRows, _newGroups, _realKeys, _noGroups) = ([], [], [], []);
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

    private void Add(int group, long value)
    {
        var partition = PartitionOf(value);
        var count = _counts[partition];
        if (count == _values[partition].Length)
        {
            Array.Resize(ref _values[partition], count * 2);
            if (_groups is not null)
            {
                Array.Resize(ref _groups[partition], count * 2);
            }
        }

        _values[partition][count] = value;
        if (_groups is not null)
        {
            _groups[partition][count] = group;
        }

        _counts[partition] = count + 1;
    }
}
