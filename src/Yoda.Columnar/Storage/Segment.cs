using Apache.Arrow;

namespace Yoda.Columnar.Storage;

/// <summary>
/// One row group of a table: Arrow arrays that never change once published, plus the deletion
/// vector in force for the snapshot that holds this instance (null when nothing is deleted).
/// </summary>
public sealed class Segment
{
    /// <param name="compactions">How many times compaction rewrote this segment's rows (see <see cref="Compactions"/>).</param>
    public Segment(RecordBatch batch, DeletionVector? deleted, int compactions = 0)
    {
        Batch = batch;
        Deleted = deleted is { DeletedCount: 0 } ? null : deleted;
        Compactions = compactions;
    }

    public RecordBatch Batch { get; }

    public DeletionVector? Deleted { get; }

    /// <summary>
    /// How many times <see cref="SegmentCompactor"/> rewrote this slot's rows, carried by every later
    /// version of the segment: a copy (durable storage) that recorded another count holds rows that
    /// are not these, rather than a prefix of them.
    /// </summary>
    public int Compactions { get; }

    public int RowCount => Batch.Length;

    public int LiveRowCount => RowCount - (Deleted?.DeletedCount ?? 0);

    public bool IsLive(int row) => Deleted is null || !Deleted.IsDeleted(row);

    /// <summary>This segment's rows with <paramref name="deleted"/> in force.</summary>
    public Segment WithDeleted(DeletionVector? deleted) => new(Batch, deleted, Compactions);
}
