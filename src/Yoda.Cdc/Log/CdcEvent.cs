namespace Yoda.Cdc.Log;

/// <summary>The kind of change an event records.</summary>
public enum ChangeKind
{
    Insert,
    Update,
    Delete,
}

/// <summary>
/// One captured change. <see cref="OldKey"/> holds the key before the change (update and delete);
/// <see cref="Row"/> the row after the change (insert, update) or before it (delete), in the
/// column order of <see cref="SchemaVersion"/>, with the rowid first for rowid tables. Both are
/// as wide as the log, so trailing values beyond the table's own are NULL.
/// </summary>
public sealed record CdcEvent(
    long Sequence,
    string Table,
    ChangeKind Kind,
    long TimestampMicros,
    int SchemaVersion,
    object?[]? OldKey,
    object?[] Row);
