namespace Yoda.Sql.Routing;

/// <summary>What a statement's leading keyword makes it, for routing and for error messages.</summary>
internal static class StatementKind
{
    private static readonly HashSet<string> Writes = new(StringComparer.OrdinalIgnoreCase) { "INSERT", "UPDATE", "DELETE", "REPLACE" };
    private static readonly HashSet<string> Ddl = new(StringComparer.OrdinalIgnoreCase) { "CREATE", "DROP", "ALTER" };
    private static readonly HashSet<string> Transaction = new(StringComparer.OrdinalIgnoreCase) { "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE" };
    private static readonly HashSet<string> Other = new(StringComparer.OrdinalIgnoreCase) { "PRAGMA", "ATTACH", "DETACH", "VACUUM", "ANALYZE", "REINDEX" };

    /// <summary>"write statement INSERT", "DDL statement CREATE", ... or null for a query or unknown keyword.</summary>
    public static string? NonQuery(string keyword)
    {
        var upper = keyword.ToUpperInvariant();
        return Writes.Contains(upper) ? $"write statement {upper}"
            : Ddl.Contains(upper) ? $"DDL statement {upper}"
            : Transaction.Contains(upper) ? $"transaction statement {upper}"
            : Other.Contains(upper) ? $"{upper} statement"
            : null;
    }

    public static bool IsWrite(string keyword) => Writes.Contains(keyword);
}
