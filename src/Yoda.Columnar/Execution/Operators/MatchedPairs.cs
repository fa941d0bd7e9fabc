using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// The matches of a join that streams its larger input past a hash table of the smaller one: one
/// (indexed row, streamed row) pair per match, in arrival order. The streamed rows that matched
/// are copied once, a dense part per chunk (not concatenated: that would be a second copy into
/// arrays large enough to cost page faults), and gathered from their parts when the pairs are output.
/// Read through <see cref="MatchedPairRows"/>, whose row <c>p</c> is the streamed row of pair <c>p</c>.
/// Given <paramref name="keptColumns"/>, only those streamed columns are copied (the join outputs no other).
/// </summary>
internal sealed class MatchedPairs(IReadOnlyList<ValueKind> streamedKinds, QueryMemory? memory, IReadOnlyList<int>? keptColumns = null)
{
    private readonly IReadOnlyList<int> _kept = keptColumns ?? Enumerable.Range(0, streamedKinds.Count).ToArray();

    // Each streamed column's place in a part: parts hold the kept columns only.
    private readonly int[] _slots = SlotsOf(keptColumns, streamedKinds.Count);
    private readonly List<ColumnVector[]> _parts = [];
    private readonly bool[] _hasNulls = new bool[streamedKinds.Count];
    private int[] _matchedRows = new int[Chunk.Capacity];
    private int[] _left = new int[Chunk.Capacity];
    private int[] _chunkOf = new int[Chunk.Capacity];
    private int[] _rowOf = new int[Chunk.Capacity];

    public int Count { get; private set; }

    /// <summary>The indexed side's row of each pair.</summary>
    public int[] Left => _left;

    /// <summary>Looks up the key of each row of <paramref name="chunk"/>; records the pairs of the rows that match and keeps the chunk if any did.</summary>
    public void Add(Chunk chunk, ColumnVector keys, JoinIndex index)
    {
        var values = keys.LongValues;
        if (_matchedRows.Length < chunk.RowCount)
        {
            _matchedRows = new int[chunk.RowCount];
        }

        var matchedCount = 0;
        foreach (var r in chunk.Selection)
        {
            var l = keys.IsNull(r) ? -1 : index.First(values[r]);
            if (l < 0)
            {
                continue;
            }

            for (; l >= 0; l = index.Next(l))
            {
                if (Count == _left.Length)
                {
                    Grow();
                }

                _left[Count] = l;
                _chunkOf[Count] = _parts.Count;
                _rowOf[Count++] = matchedCount;
            }

            _matchedRows[matchedCount++] = r;
        }

        if (matchedCount > 0)
        {
            Keep(chunk, _matchedRows.AsSpan(0, matchedCount));
        }
    }

    /// <summary>
    /// The pairs of all of <paramref name="all"/>, in that order (the pairs of streamed morsels read
    /// apart); the kept rows are shared, not copied.
    /// </summary>
    public static MatchedPairs Concat(IReadOnlyList<MatchedPairs> all, IReadOnlyList<ValueKind> streamedKinds, QueryMemory? memory, IReadOnlyList<int>? keptColumns = null)
    {
        if (all.Count == 1)
        {
            return all[0];
        }

        var count = all.Sum(p => p.Count);
        memory?.Reserve(count * 12L);
        var result = new MatchedPairs(streamedKinds, memory, keptColumns)
        {
            Count = count,
            _left = new int[Math.Max(count, 1)],
            _chunkOf = new int[Math.Max(count, 1)],
            _rowOf = new int[Math.Max(count, 1)],
        };
        var at = 0;
        foreach (var pairs in all)
        {
            pairs._left.AsSpan(0, pairs.Count).CopyTo(result._left.AsSpan(at));
            pairs._rowOf.AsSpan(0, pairs.Count).CopyTo(result._rowOf.AsSpan(at));
            var partOffset = result._parts.Count;
            for (var p = 0; p < pairs.Count; p++)
            {
                result._chunkOf[at + p] = pairs._chunkOf[p] + partOffset;
            }

            result._parts.AddRange(pairs._parts);
            for (var c = 0; c < streamedKinds.Count; c++)
            {
                result._hasNulls[c] |= pairs._hasNulls[c];
            }

            at += pairs.Count;
        }

        return result;
    }

    /// <summary>
    /// Looks up where the streamed row of each pair of <paramref name="rows"/> is kept, once for all the
    /// columns (the pairs come in left-row order, so these reads are scattered).
    /// </summary>
    public void Locate(ReadOnlySpan<int> rows, Span<int> parts, Span<int> partRows)
    {
        for (var k = 0; k < rows.Length; k++)
        {
            (parts[k], partRows[k]) = (_chunkOf[rows[k]], _rowOf[rows[k]]);
        }
    }

    /// <summary>A dense vector of <paramref name="column"/> at the <paramref name="count"/> rows <see cref="Locate"/> found.</summary>
    public ColumnVector Gather(int column, int[] parts, int[] partRows, int count)
    {
        var slot = _slots[column];
        if (streamedKinds[column] == ValueKind.Text && _parts.All(p => p[slot].IsUndecodedUtf8))
        {
            return GatherUtf8(slot, _hasNulls[column], parts, partRows, count);
        }

        var result = ColumnVector.Create(streamedKinds[column], count, _hasNulls[column]);
        switch (result.Kind)
        {
            case ValueKind.Integer:
                GatherValues(slot, parts, partRows, count, result.Longs, result.Nulls, static part => part.Longs);
                break;
            case ValueKind.Real:
                GatherValues(slot, parts, partRows, count, result.Doubles, result.Nulls, static part => part.Doubles);
                break;
            default:
                for (var k = 0; k < count; k++)
                {
                    var (source, row) = (_parts[parts[k]][slot], partRows[k]);
                    result.CopyFrom(k, source, row);
                }

                break;
        }

        return result;
    }

    /// <summary>
    /// The INTEGER or REAL values (and NULLs, when <paramref name="nulls"/> is given) of the pairs' rows: each part's
    /// arrays are looked up once per call, not once per row, so the loop is two indexed loads a row.
    /// </summary>
    private void GatherValues<T>(int slot, int[] parts, int[] partRows, int count, T[] values, bool[]? nulls, Func<ColumnVector, T[]> arrayOf)
    {
        var sources = new T[_parts.Count][];
        var sourceNulls = new bool[]?[_parts.Count];
        for (var p = 0; p < sources.Length; p++)
        {
            sources[p] = arrayOf(_parts[p][slot]);
            sourceNulls[p] = _parts[p][slot].Nulls;
        }

        if (nulls is null)
        {
            for (var k = 0; k < count; k++)
            {
                values[k] = sources[parts[k]][partRows[k]];
            }

            return;
        }

        for (var k = 0; k < count; k++)
        {
            var (part, row) = (parts[k], partRows[k]);
            if (sourceNulls[part] is { } partNulls && partNulls[row])
            {
                nulls[k] = true;
                continue;
            }

            values[k] = sources[part][row];
        }
    }

    /// <summary>A TEXT column whose parts are all still stored bytes, gathered as bytes: only the rows a query reads as strings are decoded.</summary>
    private ColumnVector GatherUtf8(int slot, bool hasNulls, int[] parts, int[] partRows, int count)
    {
        var sources = new ColumnVector[_parts.Count];
        for (var p = 0; p < sources.Length; p++)
        {
            sources[p] = _parts[p][slot];
        }

        bool[]? nulls = null;
        if (hasNulls)
        {
            nulls = new bool[count];
            for (var k = 0; k < count; k++)
            {
                nulls[k] = sources[parts[k]].IsNull(partRows[k]);
            }
        }

        return ColumnVector.InterleaveUtf8(sources, parts.AsSpan(0, count), partRows.AsSpan(0, count), nulls);
    }

    private void Keep(Chunk chunk, ReadOnlySpan<int> rows)
    {
        var part = new ColumnVector[_kept.Count];
        for (var slot = 0; slot < part.Length; slot++)
        {
            part[slot] = chunk.Columns[_kept[slot]].Gather(rows);
            _hasNulls[_kept[slot]] |= part[slot].Nulls is not null;
        }

        if (memory is { Counts: true })
        {
            memory.Reserve(QueryMemory.BytesOf(Chunk.Dense(part, rows.Length)));
        }

        _parts.Add(part);
    }

    /// <summary>Each of <paramref name="count"/> columns' index among <paramref name="kept"/> (null: all are kept; -1: not kept).</summary>
    private static int[] SlotsOf(IReadOnlyList<int>? kept, int count)
    {
        if (kept is null)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        var slots = new int[count];
        System.Array.Fill(slots, -1);
        for (var slot = 0; slot < kept.Count; slot++)
        {
            slots[kept[slot]] = slot;
        }

        return slots;
    }

    private void Grow()
    {
        memory?.Reserve(Count * 12L);
        var buffers = memory?.Buffers ?? QueryBuffers.Unpooled;
        buffers.Resize(ref _left, Count * 2);
        buffers.Resize(ref _chunkOf, Count * 2);
        buffers.Resize(ref _rowOf, Count * 2);
    }
}
