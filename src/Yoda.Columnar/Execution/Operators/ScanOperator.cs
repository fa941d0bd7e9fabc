using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Reads the listed columns of a table snapshot in chunks; deleted rows are left out of each chunk's
/// selection. Pushed-down predicates are tested on the stored Arrow arrays first: a segment whose
/// zone map rules a predicate out is skipped, and only the rows that pass are decoded.
/// </summary>
public sealed class ScanOperator(TableSnapshot table, IReadOnlyList<int> columns, IReadOnlyList<ScanPredicate>? predicates = null) : PhysicalOperator
{
    private readonly IReadOnlyList<ScanPredicate> _predicates = predicates ?? [];

    public override IReadOnlyList<ValueKind> OutputKinds { get; } =
        columns.Select(c => ArrowColumnReader.KindOf(table.Schema.FieldsList[c].DataType)).ToArray();

    public override IReadOnlyList<PhysicalOperator> Children => [];

    public TableSnapshot Table => table;

    /// <summary>The table's column index of each output column.</summary>
    public IReadOnlyList<int> Columns => columns;

    public bool HasPredicates => _predicates.Count > 0;

    /// <summary>The pushed-down predicates, in the order they are tested.</summary>
    public IReadOnlyList<ScanPredicate> Predicates => _predicates;

    public override string Describe() =>
        $"Scan {table.Name} [{string.Join(", ", columns.Select(c => table.Schema.FieldsList[c].Name))}]"
        + (_predicates.Count == 0 ? string.Empty : $" filter [{string.Join(" AND ", _predicates.Select(p => p.Description))}]");


    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var rows = new int[Chunk.Capacity];
        var decoder = new TextDecoder();
        foreach (var segment in table.Segments)
        {
            foreach (var chunk in ReadSegment(segment, rows, decoder, ct))
            {
                yield return chunk;
            }
        }
    }

    /// <summary>One morsel per segment.</summary>
    public override MorselSource OpenMorsels(CancellationToken ct) =>
        new(table.Segments.Length, (m, token) => ReadSegment(table.Segments[m], new int[Chunk.Capacity], new TextDecoder(), token));

    private IEnumerable<Chunk> ReadSegment(Segment segment, int[] rows, TextDecoder decoder, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!MayMatch(segment))
        {
            yield break;
        }

        for (var start = 0; start < segment.RowCount; start += Chunk.Capacity)
        {
            ct.ThrowIfCancellationRequested();
            var length = Math.Min(Chunk.Capacity, segment.RowCount - start);
            var count = LiveRows(segment, start, length, rows);
            foreach (var predicate in _predicates)
            {
                if (count == 0)
                {
                    break;
                }

                count = predicate.Filter(segment.Batch.Column(predicate.Column), start, rows, count, dense: count == length);
            }

            if (count == 0)
            {
                continue;
            }

            var selection = count == length ? Chunk.AllRows(length) : rows[..count];
            var vectors = new ColumnVector[columns.Count];
            for (var c = 0; c < vectors.Length; c++)
            {
                vectors[c] = ArrowColumnReader.Read(segment.Batch.Column(columns[c]), start, length, selection, decoder);
            }

            yield return new Chunk(vectors, length, selection);
        }
    }

    /// <summary>False when a predicate's zone map shows that no row of <paramref name="segment"/> can pass.</summary>
    public bool MayMatch(Segment segment)
    {
        foreach (var predicate in _predicates)
        {
            if (ZoneMap.Of(segment.Batch.Column(predicate.Column)) is { } zone && !predicate.MayMatch(zone))
            {
                return false;
            }
        }

        return true;
    }

    private static int LiveRows(Segment segment, int start, int length, int[] rows)
    {
        if (segment.Deleted is null)
        {
            // Every row is live: the count alone says so (a predicate given dense input does not read the rows).
            return length;
        }

        var count = 0;
        for (var i = 0; i < length; i++)
        {
            rows[count] = i;
            count += segment.Deleted is null || !segment.Deleted.IsDeleted(start + i) ? 1 : 0;
        }

        return count;
    }
}
