namespace Yoda.Cdc.Log;

/// <summary>The kind of change an event records.</summary>
public enum ChangeKind
{
    Insert,
    Update,
    Delete,
}

/// <summary>
/// One captured change, decoded. <see cref="OldKey"/> is the key before the change (update and
/// delete); <see cref="Row"/> is the row after the change (insert, update) or before it (delete),
/// in the column order of <see cref="SchemaVersion"/>, with the rowid first for rowid tables.
/// </summary>
public sealed record CdcEvent(
    long Sequence,
    string Table,
    ChangeKind Kind,
    long TimestampMicros,
    int SchemaVersion,
    object?[]? OldKey,
    object?[] Row);
