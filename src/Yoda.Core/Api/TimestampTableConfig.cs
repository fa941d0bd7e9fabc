namespace Yoda;

/// <summary>A table followed in sidecar mode through its created/updated timestamp columns.</summary>
public sealed record TimestampTableConfig(string TableName, IReadOnlyList<string> PrimaryKey,
    string CreatedAtColumn = "created_at", string UpdatedAtColumn = "updated_at",
    IReadOnlyList<string>? Columns = null);
