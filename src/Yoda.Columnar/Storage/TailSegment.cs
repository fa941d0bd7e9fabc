using Apache.Arrow;

namespace Yoda.Columnar.Storage;

/// <summary>
/// The growable buffers of a table's open segment and the batch last published from them: a
/// writer appends to the buffers only while the table's last segment still holds that batch
/// (not after a schema change or a restore, which build the segment differently).
/// </summary>
internal sealed record TailSegment(TailColumn[] Columns, RecordBatch Batch);
