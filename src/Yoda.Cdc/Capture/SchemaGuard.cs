using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Yoda.Cdc.Capture;

/// <summary>
/// A SQLite authorizer on the write connection that keeps registered tables from drifting out of
/// sync through DDL run as plain SQL: <c>ALTER TABLE</c> on a registered table is refused with the
/// API to use instead, Yoda's own tables and triggers cannot be dropped or altered, and a
/// <c>DROP TABLE</c> of a registered table is allowed and reported so the engine unregisters it.
/// Yoda's own DDL runs with <see cref="Bypass"/> set.
/// </summary>
public sealed class SchemaGuard
{
    private const int Ok = 0;
    private const int Deny = 1;
    private const int DropTable = 11;
    private const int DropTrigger = 16;
    private const int AlterTable = 26;

    private readonly Func<string, bool> _isRegistered;

    // The authorizer is a native callback: keep the delegate alive as long as the connection.
    private readonly SQLitePCL.strdelegate_authorizer _callback;

    public SchemaGuard(Func<string, bool> isRegistered)
    {
        _isRegistered = isRegistered;
        _callback = Authorize;
    }

    /// <summary>Set while Yoda runs its own DDL on the connection.</summary>
    public bool Bypass { get; set; }

    /// <summary>Why the last statement was refused, for the error the caller sees; reset per statement by the caller.</summary>
    public string? Denial { get; set; }

    /// <summary>Registered tables that a statement dropped (to unregister once it succeeded).</summary>
    public ConcurrentQueue<string> DroppedTables { get; } = new();

    public void Install(SqliteConnection connection) =>
        SQLitePCL.raw.sqlite3_set_authorizer(connection.Handle, _callback, null);

    private int Authorize(object userData, int action, string? first, string? second, string? database, string? trigger)
    {
        if (Bypass || trigger is not null)
        {
            return Ok;
        }

        switch (action)
        {
            case AlterTable when second is not null && IsYodaName(second):
            case DropTable when first is not null && IsYodaName(first):
                Denial = $"{second ?? first} belongs to Yoda and cannot be altered or dropped";
                return Deny;
            case DropTrigger when first is not null && IsYodaName(first) && !DroppedTables.Contains(second ?? string.Empty, StringComparer.OrdinalIgnoreCase):
                Denial = $"trigger {first} captures changes for Yoda and cannot be dropped; registered tables stay captured";
                return Deny;
            case AlterTable when second is not null && _isRegistered(second):
                Denial = $"ALTER TABLE on registered table {second} would leave OLAP out of sync: use AddColumnAsync or "
                         + "DropColumnAsync; renaming a registered table or column is not supported";
                return Deny;
            case DropTable when first is not null && _isRegistered(first):
                DroppedTables.Enqueue(first);
                return Ok;
            default:
                return Ok;
        }
    }

    private static bool IsYodaName(string name) => name.StartsWith(MetadataSchema.ReservedPrefix, StringComparison.OrdinalIgnoreCase);
}
