namespace Yoda.Columnar.Execution;

/// <summary>Gathers the selected rows of many chunks into one dense vector per column, counting them against the query's memory when given.</summary>
public sealed class ChunkAccumulator(IReadOnlyList<ValueKind> kinds, QueryMemory? memory = null)
{
    private readonly List<ColumnVector[]> _parts = [];
    private readonly List<int> _partRows = [];

    public int RowCount { get; private set; }

    /// <summary>Bytes counted against the query's memory (0 without one).</summary>
    public long Bytes { get; private set; }

    public void Add(Chunk chunk)
    {
        Count(chunk);
        Keep(Compact(chunk), chunk.RowCount);
    }

    /// <summary>Adds rows already gathered and counted against the query's memory (<paramref name="countedBytes"/>) by whoever gathered them.</summary>
    public void AddCounted(ColumnVector[] columns, int rowCount, long countedBytes)
    {
        Bytes += countedBytes;
        Keep(columns, rowCount);
    }

    /// <summary>The selected rows of <paramref name="chunk"/> as one dense vector per column.</summary>
    public static ColumnVector[] Compact(Chunk chunk) => chunk.Columns.Select(c => c.Gather(chunk.Selection)).ToArray();

    /// <summary>The rows added so far, as dense chunks in the order they were added (no copy).</summary>
    public IEnumerable<Chunk> Parts() => _parts.Select((columns, i) => Chunk.Dense(columns, _partRows[i]));

    private void Count(Chunk chunk)
    {
        if (memory is { Counts: true })
        {
            var bytes = QueryMemory.BytesOf(chunk);
            memory.Reserve(bytes);
            Bytes += bytes;
        }
    }

    private void Keep(ColumnVector[] columns, int rowCount)
    {
        _parts.Add(columns);
        _partRows.Add(rowCount);
        RowCount += rowCount;
    }

    /// <summary>
    /// The rows added so far as one dense vector per column. The token is checked before each part is
    /// copied, so a cancelled query leaves a copy of millions of rows within one part's work.
    /// </summary>
    public ColumnVector[] ToColumns(CancellationToken ct = default)
    {
        var columns = new ColumnVector[kinds.Count];
        for (var c = 0; c < kinds.Count; c++)
        {
            ct.ThrowIfCancellationRequested();
            var withNulls = _parts.Any(p => p[c].Nulls is not null);
            if (kinds[c] == ValueKind.Text && _parts.Count > 0 && _parts.All(p => p[c].IsUndecodedUtf8))
            {
                columns[c] = ColumnVector.ConcatUtf8(_parts.Select(p => p[c]).ToList(), RowCount, withNulls ? ConcatNulls(c) : null);
                continue;
            }

            var column = ColumnVector.Create(kinds[c], RowCount, withNulls);
            var at = 0;
            foreach (var part in _parts)
            {
                ct.ThrowIfCancellationRequested();
                var source = part[c];
                switch (kinds[c])
                {
                    case ValueKind.Integer: source.Longs.CopyTo(column.Longs, at); break;
                    case ValueKind.Real: source.Doubles.CopyTo(column.Doubles, at); break;
                    case ValueKind.Text: source.Texts.CopyTo(column.Texts, at); break;
                    case ValueKind.Dynamic: source.Dynamic.CopyTo(column.Dynamic, at); break;
                    default: source.Blobs.CopyTo(column.Blobs, at); break;
                }

                source.Nulls?.CopyTo(column.Nulls!, at);
                at += source.Length;
            }

            columns[c] = column;
        }

        return columns;
    }

    private bool[] ConcatNulls(int column)
    {
        var nulls = new bool[RowCount];
        var at = 0;
        foreach (var part in _parts)
        {
            part[column].Nulls?.CopyTo(nulls, at);
            at += part[column].Length;
        }

        return nulls;
    }
}
