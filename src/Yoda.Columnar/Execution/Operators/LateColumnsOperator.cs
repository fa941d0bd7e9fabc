using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Late materialisation: fills columns that the joins and the aggregation below did not carry from
/// the rows of the table they come from, found by that table's unique key, for the rows that reach
/// this operator only (a top-N's survivors, the final groups). The key must be unique among the
/// table's live rows and hold no NULL (<c>Planning/LateColumns</c> proves both), so every key the
/// input holds names one row of the same snapshot the scans below read. The input is kept whole
/// (counted as memory) so that each table is read once: one pass over its key column.
/// </summary>
public sealed class LateColumnsOperator(PhysicalOperator input, IReadOnlyList<LateColumn> columns, QueryMemory? memory) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } = KindsOf(input.OutputKinds, columns);

    public override IReadOnlyList<PhysicalOperator> Children => [input];

    public override string Describe() =>
        "LateColumns [" + string.Join(", ", columns.Select(c => $"#{c.Output} = {c.Table.Name}.{c.Table.Schema.FieldsList[c.Column].Name} by {c.Table.Schema.FieldsList[c.KeyColumn].Name}")) + "]";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var chunks = new List<Chunk>();
        long held = 0;
        try
        {
            foreach (var chunk in input.Execute(ct))
            {
                var bytes = QueryMemory.BytesOf(chunk);
                memory?.Reserve(bytes);
                held += bytes;
                chunks.Add(chunk);
            }

            var filled = chunks.Select(c => (ColumnVector[])c.Columns.Clone()).ToArray();
            foreach (var table in columns.GroupBy(c => c.Table, ReferenceEqualityComparer.Instance))
            {
                var group = table.ToList();
                var rows = LocateRows(chunks, group[0], ct);
                memory?.Reserve(rows.Bytes);
                held += rows.Bytes;
                foreach (var column in group)
                {
                    Fill(chunks, filled, column, rows, ct);
                }
            }

            for (var i = 0; i < chunks.Count; i++)
            {
                yield return chunks[i].WithColumns(filled[i]);
            }
        }
        finally
        {
            memory?.Release(held);
        }
    }

    private static IReadOnlyList<ValueKind> KindsOf(IReadOnlyList<ValueKind> kinds, IReadOnlyList<LateColumn> columns)
    {
        var result = kinds.ToArray();
        foreach (var column in columns)
        {
            result[column.Output] = ArrowColumnReader.KindOf(column.Table.Schema.FieldsList[column.Column].DataType);
        }

        return result;
    }

    /// <summary>Where each key the input holds lives in the table: one pass over the key column's live rows, until every key is found.</summary>
    private static KeyedRows LocateRows(List<Chunk> chunks, LateColumn column, CancellationToken ct)
    {
        var wanted = new Dictionary<long, int>();
        foreach (var chunk in chunks)
        {
            var keys = chunk.Columns[column.Output];
            foreach (var row in chunk.Selection)
            {
                if (!keys.IsNull(row))
                {
                    wanted.TryAdd(keys.LongValues[row], wanted.Count);
                }
            }
        }

        var segments = new int[wanted.Count];
        var positions = new int[wanted.Count];
        Array.Fill(segments, -1);
        var table = column.Table;
        var found = 0;
        for (var s = 0; s < table.Segments.Length && found < wanted.Count; s++)
        {
            ct.ThrowIfCancellationRequested();
            var segment = table.Segments[s];
            var stored = ArrowColumnReader.Read(segment.Batch.Column(column.KeyColumn), 0, segment.RowCount, [], new TextDecoder());
            var values = stored.LongValues;
            for (var row = 0; row < values.Length; row++)
            {
                // An updated row's older versions keep its key in earlier rows, deleted: only the live row counts.
                if (wanted.TryGetValue(values[row], out var slot) && segments[slot] < 0 && segment.IsLive(row) && !stored.IsNull(row))
                {
                    segments[slot] = s;
                    positions[slot] = row;
                    found++;
                }
            }
        }

        return new KeyedRows(wanted, segments, positions, table.Segments.Length);
    }

    /// <summary>Output column <see cref="LateColumn.Output"/> of every chunk, read from the rows <paramref name="rows"/> located.</summary>
    private void Fill(List<Chunk> chunks, ColumnVector[][] filled, LateColumn column, KeyedRows rows, CancellationToken ct)
    {
        var table = column.Table;
        var decoder = new TextDecoder();
        var field = table.Schema.FieldsList[column.Column];
        var sources = new ColumnVector?[table.Segments.Length];
        for (var i = 0; i < chunks.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var chunk = chunks[i];
            var keys = chunk.Columns[column.Output];
            var vector = ColumnVector.Create(OutputKinds[column.Output], chunk.PhysicalLength, withNulls: true);
            foreach (var row in chunk.Selection)
            {
                if (keys.IsNull(row) || !rows.TryFind(keys.LongValues[row], out var segment, out var position))
                {
                    // A NULL key is the NULL row of an outer join; every key found by the joins below is in the table.
                    vector.Nulls![row] = true;
                    continue;
                }

                var source = sources[segment] ??= ArrowColumnReader.Read(table.Segments[segment].Batch.Column(column.Column), 0, table.Segments[segment].RowCount, rows.PositionsIn(segment), decoder, field);
                vector.CopyFrom(row, source, position);
            }

            filled[i][column.Output] = vector;
        }
    }

    /// <summary>The table row (segment, position) of each wanted key; -1 as the segment of a key no live row holds.</summary>
    private sealed class KeyedRows(Dictionary<long, int> slots, int[] segments, int[] positions, int segmentCount)
    {
        private int[][]? _bySegment;

        /// <summary>The slots' dictionary entry, segment and position, and their bucketed position.</summary>
        public long Bytes => slots.Count * 36L;

        public bool TryFind(long key, out int segment, out int position)
        {
            segment = -1;
            position = -1;
            if (!slots.TryGetValue(key, out var slot) || segments[slot] < 0)
            {
                return false;
            }

            segment = segments[slot];
            position = positions[slot];
            return true;
        }

        /// <summary>
        /// The located rows in segment <paramref name="segment"/>, ascending (the text rows a reader decodes): every
        /// segment's bucketed in one pass over the slots the first time, so a fill costs the keys plus the segments,
        /// not their product.
        /// </summary>
        public int[] PositionsIn(int segment)
        {
            if (_bySegment is null)
            {
                var counts = new int[segmentCount];
                foreach (var s in segments)
                {
                    if (s >= 0)
                    {
                        counts[s]++;
                    }
                }

                _bySegment = counts.Select(c => new int[c]).ToArray();
                Array.Clear(counts);
                for (var slot = 0; slot < segments.Length; slot++)
                {
                    var s = segments[slot];
                    if (s >= 0)
                    {
                        _bySegment[s][counts[s]++] = positions[slot];
                    }
                }

                foreach (var bucket in _bySegment)
                {
                    Array.Sort(bucket);
                }
            }

            return _bySegment[segment];
        }
    }
}
