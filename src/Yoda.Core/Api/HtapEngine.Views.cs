using System.Buffers;
using Microsoft.Data.Sqlite;
using Yoda.Sql;

namespace Yoda;

/// <summary>
/// SQLite's views, for the OLAP engine: their definitions are read from sqlite_schema when the
/// engine opens and again after a statement that may create, drop or change one; an OLAP query
/// that names a view binds its query like a common table expression over the OLAP tables.
/// </summary>
public sealed partial class HtapEngine
{
    /// <summary>Words of the statements that may change a view (searched all at once: every write passes this check).</summary>
    private static readonly SearchValues<string> ViewChangingWords =
        SearchValues.Create(["VIEW", "ALTER", "COMMIT", "END", "RELEASE"], StringComparison.OrdinalIgnoreCase);

    private volatile IReadOnlyDictionary<string, ViewDefinition> _views = new Dictionary<string, ViewDefinition>();

    /// <summary>The views the OLAP engine knows, by name.</summary>
    internal IReadOnlyDictionary<string, ViewDefinition> OlapViews => _views;

    /// <summary>Re-reads the views after statements that may have changed them (by their words: cheap for plain writes).</summary>
    private async Task RefreshViewsAfterAsync(IEnumerable<string> statements)
    {
        if (statements.Any(s => s.AsSpan().ContainsAny(ViewChangingWords)))
        {
            await LoadViewsAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task LoadViewsAsync(CancellationToken ct)
    {
        var definitions = await _oltp.ReadAsync(ReadViews, ct).ConfigureAwait(false);
        _views = definitions;
    }

    private static Dictionary<string, ViewDefinition> ReadViews(SqliteConnection connection)
    {
        var views = new Dictionary<string, ViewDefinition>(StringComparer.OrdinalIgnoreCase);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_schema WHERE type = 'view'";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            try
            {
                views[name] = ViewDefinition.FromCreateStatement(reader.GetString(1));
            }
            catch (YodaException e)
            {
                // A view the OLAP parser cannot read fails when a query uses it, not at open.
                views[name] = new ViewDefinition(name, [], string.Empty) { Error = $"view {name} cannot be read by the OLAP engine: {e.Message}" };
            }
        }

        return views;
    }
}
