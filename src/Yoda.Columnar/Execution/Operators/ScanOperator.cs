using Apache.Arrow;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Kernels;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Reads the listed columns of a table snapshot in chunks; deleted rows are left out of each chunk's
/// selection. Pushed-down predicates are tested on the stored Arrow arrays first: a segment whose
/// zone map rules a predicate out is skipped, and only the rows that pass are decoded.
/// </summary>
public sealed class ScanOperator(TableSnapshot table, IReadOnlyList<int> columns, IReadOnlyList<ScanPredicate>? predicates = null) : PhysicalOperator
{
    // A lower and an upper bound on one column next to each other are tested in one pass (RangePredicate).
    private readonly IReadOnlyList<ScanPredicate> _predicates = RangePredicate.Fuse(predicates ?? []);

    public override IReadOnlyList<ValueKind> OutputKinds { get; } =
        columns.Select(c => ArrowColumnReader.KindOf(table.Schema.FieldsList[c].DataType)).ToArray();

    public override IReadOnlyList<PhysicalOperator> Children => [];

    public TableSnapshot Table => table;

    /// <summary>The table's column index of each output column.</summary>
    public IReadOnlyList<int> Columns => columns;

    public bool HasPredicates => _predicates.Count > 0;

    /// <summary>The pushed-down predicates, in the order they are tested.</summary>
    public IReadOnlyList<ScanPredicate> Predicates => _predicates;

    /// <summary>The boundary of the row top-N this scan feeds (set by the planner), tested before the predicates from chunk to chunk as it tightens.</summary>
    public TopNScanBound? TopNBound { get; set; }

    public override string Describe() =>
        $"Scan {table.Name} [{string.Join(", ", columns.Select(c => table.Schema.FieldsList[c].Name))}]"
        + (_predicates.Count == 0 ? string.Empty : $" filter [{string.Join(" AND ", _predicates.Select(p => p.Description))}]");


    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var rows = new int[Chunk.Capacity];
        var mask = new ulong[Chunk.Capacity / 64];
        var decoder = new TextDecoder();
        foreach (var segment in table.Segments)
        {
            foreach (var chunk in ReadSegment(segment, rows, mask, decoder, ct))
            {
                yield return chunk;
            }
        }
    }

    /// <summary>
    /// One morsel per segment. The morsels share one decoder (threads may), as a serial scan does: a
    /// text repeated across segments decodes to the same string, and no morsel allocates a decoder's table.
    /// </summary>
    public override MorselSource OpenMorsels(CancellationToken ct)
    {
        var decoder = new TextDecoder();
        return new(table.Segments.Length, (m, token) => ReadSegment(table.Segments[m], new int[Chunk.Capacity], new ulong[Chunk.Capacity / 64], decoder, token));
    }

    /// <summary>Each segment's zone map, null count and row count of an INTEGER column (null when a segment stores it otherwise).</summary>
    public override IReadOnlyList<MorselKeyRange>? MorselKeyRanges(int column)
    {
        var ranges = new MorselKeyRange[table.Segments.Length];
        for (var m = 0; m < ranges.Length; m++)
        {
            if (table.Segments[m].Batch.Column(columns[column]) is not Int64Array array || ZoneMap.Of(array) is not { } zone)
            {
                return null;
            }

            ranges[m] = zone.HasValues
                ? new MorselKeyRange(true, (long)zone.Min!, (long)zone.Max!, array.NullCount > 0, array.Length)
                : new MorselKeyRange(false, 0, 0, array.NullCount > 0, array.Length);
        }

        return ranges;
    }

    /// <summary>
    /// Sets the bits of <paramref name="mask"/> (bit <c>i % 64</c> of word <c>i / 64</c> for row
    /// <paramref name="start"/> + i, <paramref name="start"/> a multiple of 64) of the live rows among
    /// the <paramref name="length"/> from <paramref name="start"/>, and no bit past them.
    /// </summary>
    public static void LiveRowMask(Segment segment, int start, int length, Span<ulong> mask)
    {
        mask.Fill(ulong.MaxValue);
        if ((length & 63) != 0)
        {
            mask[^1] = (1UL << length) - 1;
        }

        if (segment.Deleted is { } deleted)
        {
            var deletedWords = deleted.Words;
            for (int w = 0, d = start >> 6; w < mask.Length && d < deletedWords.Length; w++, d++)
            {
                mask[w] &= ~deletedWords[d];
            }
        }
    }

    private IEnumerable<Chunk> ReadSegment(Segment segment, int[] rows, ulong[] mask, TextDecoder decoder, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!MayMatch(segment))
        {
            yield break;
        }

        var predicates = PredicatesFor(segment);
        var masked = MaskedPredicates(segment, predicates);
        var bound = TopNBound is { } topN && topN.AppliesTo(segment.Batch.Column(topN.Column)) ? topN : null;
        ScanPredicate? bounding = null;
        for (var start = 0; start < segment.RowCount; start += Chunk.Capacity)
        {
            ct.ThrowIfCancellationRequested();
            if (bound?.Current is { } tighter && !ReferenceEquals(tighter, bounding))
            {
                if (ZoneMap.Of(segment.Batch.Column(tighter.Column)) is { } zone && !tighter.MayMatch(zone))
                {
                    yield break;
                }

                predicates = [tighter, .. PredicatesFor(segment)];
                masked = MaskedPredicates(segment, predicates);
                bounding = tighter;
            }

            var length = Math.Min(Chunk.Capacity, segment.RowCount - start);
            var count = masked > 0 ? MaskedRows(segment, start, length, predicates, masked, rows, mask) : LiveRows(segment, start, length, rows);
            for (var p = masked; p < predicates.Count && count > 0; p++)
            {
                var predicate = predicates[p];
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
                // The snapshot's schema field stands for the column: every snapshot of the table shares it.
                vectors[c] = ArrowColumnReader.Read(segment.Batch.Column(columns[c]), start, length, selection, decoder, table.Schema.FieldsList[columns[c]]);
            }

            yield return new Chunk(vectors, length, selection);
        }
    }

    /// <summary>
    /// The predicates to test on <paramref name="segment"/>'s rows: those its zone maps show every row
    /// passes (a column without NULLs) are left out, as <c>EventDate &gt;= '2013-07-01'</c> on a month
    /// of July dates is.
    /// </summary>
    public IReadOnlyList<ScanPredicate> PredicatesFor(Segment segment)
    {
        List<ScanPredicate>? kept = null;
        for (var p = 0; p < _predicates.Count; p++)
        {
            var predicate = _predicates[p];
            var array = segment.Batch.Column(predicate.Column);
            if (array.NullCount == 0 && ZoneMap.Of(array) is { } zone && predicate.MatchesAll(zone))
            {
                kept ??= [.. _predicates.Take(p)];
                continue;
            }

            kept?.Add(predicate);
        }

        return kept ?? _predicates;
    }

    /// <summary>
    /// How many of the first predicates test this segment's arrays straight on a row mask: they narrow
    /// the chunk's mask with SIMD compares, and its positions are written once, after the last of them.
    /// </summary>
    private static int MaskedPredicates(Segment segment, IReadOnlyList<ScanPredicate> predicates)
    {
        var n = 0;
        while (n < predicates.Count && predicates[n].HasMaskKernel(segment.Batch.Column(predicates[n].Column)))
        {
            n++;
        }

        return n;
    }

    /// <summary>The live rows of the chunk that pass the first <paramref name="masked"/> of <paramref name="predicates"/>, written to <paramref name="rows"/>; returns their count.</summary>
    private static int MaskedRows(Segment segment, int start, int length, IReadOnlyList<ScanPredicate> predicates, int masked, int[] rows, ulong[] mask)
    {
        var words = mask.AsSpan(0, (length + 63) >> 6);
        LiveRowMask(segment, start, length, words);
        for (var p = 0; p < masked; p++)
        {
            predicates[p].Narrow(segment.Batch.Column(predicates[p].Column), start, length, words, rows);
        }

        return SelectionKernels.SetBits(words, rows);
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
