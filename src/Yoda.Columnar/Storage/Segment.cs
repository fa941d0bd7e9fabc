using Apache.Arrow;

namespace Yoda.Columnar.Storage;

/// <summary>
/// One row group of a table: Arrow arrays that never change once published, plus the deletion
/// vector in force for the snapshot that holds this instance (null when nothing is deleted).
/// </summary>
public sealed class Segment
{
    public Segment(RecordBatch batch, DeletionVector? deleted)
    {
        Batch = batch;
        Deleted = deleted is { DeletedCount: 0 } ? null : deleted;
    }

    public RecordBatch Batch { get; }

    public DeletionVector? Deleted { get; }

    public int RowCount => Batch.Length;

    public int LiveRowCount => RowCount - (Deleted?.DeletedCount ?? 0);

    public bool IsLive(int row) => Deleted is null || !Deleted.IsDeleted(row);
}
