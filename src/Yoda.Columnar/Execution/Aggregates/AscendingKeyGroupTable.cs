using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Group ids for one INTEGER key whose rows come in runs of ascending values (a lineitem morsel by
/// <c>l_orderkey</c>: 1-7 rows an order, the orders in key order), without hashing: a row whose value
/// is the previous row's joins that row's group, and a greater value starts the next group (no earlier
/// group can have it, every earlier value being lower). So a key costs a comparison, and the table
/// holds only the keys, in id order, which is first-seen order, as in any <see cref="GroupTable"/>.
/// At the first NULL or lower value, the keys seen so far are assigned to a hashing table in id order
/// (so they keep their ids), and that table assigns every row from then on.
/// Given <paramref name="mostGroups"/> (a morsel's bound: its rows, or its zone map's range), the key list is
/// made that long at once instead of growing by doubling; it still grows past it, should a caller's bound be wrong.
/// </summary>
internal sealed class AscendingKeyGroupTable(QueryBuffers? buffers = null, int mostGroups = 0) : GroupTable
{
    // Uninitialized: a key is written before it is read, and the bound may be several times the groups.
    private long[] _keys = mostGroups > 0 ? GC.AllocateUninitializedArray<long>(mostGroups) : new long[1024];
    private int _count;
    private GroupTable? _hashed;

    public override int Count => _hashed?.Count ?? _count;

    /// <summary>
    /// Counted per group as the hashing table it may become counts (the operator counts each group once,
    /// at the count of the moment): one key's value id and tuple.
    /// </summary>
    public override long BytesPerGroup => KeyColumnGroupTable.BytesPerGroupOf(1);

    /// <summary>
    /// The room made ahead in the key list for groups not yet made, which <see cref="BytesPerGroup"/> does not count
    /// yet (the key list is the hashing table's once it hashes).
    /// </summary>
    public override long HeldKeyBytes => Ascending ? (_keys.Length - _count) * (long)sizeof(long) : 0;

    /// <summary>Whether the rows have come in ascending runs so far (no hashing table yet).</summary>
    internal bool Ascending => _hashed is null;

    public override void Assign(ColumnVector[] keys, ReadOnlySpan<int> rows, Span<int> groups)
    {
        var k = _hashed is null ? AssignRuns(keys[0], rows, groups) : 0;
        if (k < rows.Length)
        {
            Hashed().Assign(keys, rows[k..], groups[k..]);
        }
    }

    /// <summary>The ids of the rows, up to the first NULL or value lower than the one before; returns the first row not assigned.</summary>
    private int AssignRuns(ColumnVector key, ReadOnlySpan<int> rows, Span<int> groups)
    {
        var values = key.LongValues;
        var nulls = key.Nulls;
        if (_keys.Length < _count + rows.Length)
        {
            Array.Resize(ref _keys, Math.Max(_keys.Length * 2, _count + rows.Length));
        }

        var k = 0;
        if (_count == 0 && rows.Length > 0 && (nulls is null || !nulls[rows[0]]))
        {
            _keys[_count++] = values[rows[0]];
            groups[k++] = 0;
        }

        if (_count == 0)
        {
            return k;
        }

        // Branch-free but for the (rare) fall to hashing: a new value moves to the next id, and the
        // slot of the current group is written with its own value again otherwise.
        var (keysSeen, count, last) = (_keys, _count, _keys[_count - 1]);
        for (; k < rows.Length; k++)
        {
            var row = rows[k];
            var value = values[row];
            if (value < last || (nulls is not null && nulls[row]))
            {
                break;
            }

            count += value != last ? 1 : 0;
            keysSeen[count - 1] = value;
            groups[k] = count - 1;
            last = value;
        }

        _count = count;
        return k;
    }

    /// <summary>The hashing table, made at the first row out of order, with the keys seen so far as its groups 0, 1, ….</summary>
    private GroupTable Hashed()
    {
        if (_hashed is null)
        {
            var hashed = Create([ValueKind.Integer], specialised: true, buffers);
            var ids = new int[_count];
            hashed.Assign([ColumnVector.OfLongs(_keys[.._count], null)], Chunk.AllRows(_count), ids);
            _hashed = hashed;
            _keys = [];
        }

        return _hashed;
    }

    public override void EnsureSingleGroup() => throw new InvalidOperationException("a table grouped by a key has no single group");

    public override ColumnVector[] KeyColumnsFrom(int first) =>
        _hashed?.KeyColumnsFrom(first) ?? [ColumnVector.OfLongs(_keys[first.._count], null)];
}
