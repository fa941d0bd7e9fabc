using System.Collections.Immutable;

namespace Yoda.Columnar.Storage;

/// <summary>
/// The copying half of a compaction: the chosen sealed segments of one snapshot rewritten with
/// only their live rows (<see cref="SegmentCompactor"/>), made from the immutable snapshot alone,
/// so it needs no writer slot and may run while syncs go on. A <see cref="TableCompaction"/>
/// later applies it if none of those segments changed meanwhile (<see cref="AppliesTo"/>): the
/// same <see cref="Segment"/> instance means the same arrays and the same deletion vector, so the
/// copies still hold exactly the live rows and the key index still points at their old rows.
/// </summary>
public sealed class CompactedSegments
{
    private readonly Segment[] _sources;

    private CompactedSegments(IReadOnlyList<int> slots, Segment[] sources, Segment[] copies, int[][] newRows)
    {
        Slots = slots;
        _sources = sources;
        Copies = copies;
        NewRows = newRows;
        RowsRemoved = sources.Sum(s => (long)s.RowCount) - copies.Sum(c => (long)c.RowCount);
    }

    /// <summary>The segment slots rewritten, in the order of <see cref="Copies"/>.</summary>
    public IReadOnlyList<int> Slots { get; }

    /// <summary>The rewritten segments.</summary>
    public IReadOnlyList<Segment> Copies { get; }

    /// <summary>Per rewritten segment, each old row's new row number, -1 for deleted rows.</summary>
    public IReadOnlyList<int[]> NewRows { get; }

    /// <summary>Deleted rows the copies drop.</summary>
    public long RowsRemoved { get; }

    /// <summary>
    /// Rewrites the <see cref="TableCompaction.Candidates"/> of <paramref name="snapshot"/> (none when
    /// it has none). Cancellable; it changes nothing.
    /// </summary>
    public static CompactedSegments Copy(TableSnapshot snapshot, double minDeletedFraction, int maxSegments, CancellationToken ct)
    {
        var slots = TableCompaction.Candidates(snapshot, minDeletedFraction, maxSegments);
        var sources = new Segment[slots.Count];
        var copies = new Segment[slots.Count];
        var newRows = new int[slots.Count][];
        for (var i = 0; i < slots.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            sources[i] = snapshot.Segments[slots[i]];
            newRows[i] = new int[sources[i].RowCount];
            copies[i] = SegmentCompactor.Compact(sources[i], newRows[i], ct);
        }

        return new CompactedSegments(slots, sources, copies, newRows);
    }

    /// <summary>Whether every rewritten segment is still, unchanged, in <paramref name="current"/>.</summary>
    public bool AppliesTo(TableSnapshot current)
    {
        for (var i = 0; i < Slots.Count; i++)
        {
            if (Slots[i] >= current.Segments.Length || !ReferenceEquals(current.Segments[Slots[i]], _sources[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><paramref name="current"/>'s segments with the copies in their slots.</summary>
    internal ImmutableArray<Segment> ReplaceIn(TableSnapshot current)
    {
        var segments = current.Segments.ToBuilder();
        for (var i = 0; i < Slots.Count; i++)
        {
            segments[Slots[i]] = Copies[i];
        }

        return segments.ToImmutable();
    }
}
