using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// The matches of a join that streams its larger input past a hash table of the smaller one: one
/// (indexed row, streamed row) pair per match, in arrival order. The streamed rows that matched
/// are copied once, a dense part per chunk (not concatenated: that would be a second copy into
/// arrays large enough to cost page faults), and gathered from their parts when the pairs are output.
/// As <see cref="IJoinRows"/>, row <c>p</c> is the streamed row of pair <c>p</c>.
/// </summary>
internal sealed class MatchedPairs(IReadOnlyList<ValueKind> streamedKinds, QueryMemory? memory) : IJoinRows
{
    private readonly List<ColumnVector[]> _parts = [];
    private readonly bool[] _hasNulls = new bool[streamedKinds.Count];
    private int[] _matchedRows = new int[Chunk.Capacity];
    private int[] _left = new int[Chunk.Capacity];
    private int[] _chunkOf = new int[Chunk.Capacity];
    private int[] _rowOf = new int[Chunk.Capacity];
    private int[] _preparedParts = [];
    private int[] _preparedRows = [];

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

    /// <summary>Looks up where each pair's row is kept once for all the columns (the pairs come in left-row order, so these reads are scattered).</summary>
    public void Prepare(ReadOnlySpan<int> rows)
    {
        if (_preparedParts.Length < rows.Length)
        {
            (_preparedParts, _preparedRows) = (new int[rows.Length], new int[rows.Length]);
        }

        for (var k = 0; k < rows.Length; k++)
        {
            (_preparedParts[k], _preparedRows[k]) = (_chunkOf[rows[k]], _rowOf[rows[k]]);
        }
    }

    public ColumnVector Gather(int column, ReadOnlySpan<int> rows)
    {
        var result = ColumnVector.Create(streamedKinds[column], rows.Length, _hasNulls[column]);
        switch (result.Kind)
        {
            case ValueKind.Integer:
                var longs = result.Longs;
                for (var k = 0; k < rows.Length; k++)
                {
                    var (source, row) = At(column, k);
                    if (source.IsNull(row))
                    {
                        result.Nulls![k] = true;
                        continue;
                    }

                    longs[k] = source.Longs[row];
                }

                break;
            case ValueKind.Real:
                var doubles = result.Doubles;
                for (var k = 0; k < rows.Length; k++)
                {
                    var (source, row) = At(column, k);
                    if (source.IsNull(row))
                    {
                        result.Nulls![k] = true;
                        continue;
                    }

                    doubles[k] = source.Doubles[row];
                }

                break;
            default:
                for (var k = 0; k < rows.Length; k++)
                {
                    var (source, row) = At(column, k);
                    result.CopyFrom(k, source, row);
                }

                break;
        }

        return result;
    }

    /// <summary>Where the streamed row of the <paramref name="k"/>-th prepared pair is kept, in <paramref name="column"/>.</summary>
    private (ColumnVector Part, int Row) At(int column, int k) => (_parts[_preparedParts[k]][column], _preparedRows[k]);

    private void Keep(Chunk chunk, ReadOnlySpan<int> rows)
    {
        var part = new ColumnVector[chunk.Columns.Length];
        for (var c = 0; c < part.Length; c++)
        {
            part[c] = chunk.Columns[c].Gather(rows);
            _hasNulls[c] |= part[c].Nulls is not null;
        }

        if (memory is { Counts: true })
        {
            memory.Reserve(QueryMemory.BytesOf(Chunk.Dense(part, rows.Length)));
        }

        _parts.Add(part);
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
