namespace Yoda.Columnar.Storage;

/// <summary>The tables a query can see: one consistent snapshot of every OLAP table.</summary>
public interface ICatalogSnapshot
{
    /// <summary>Looks a table up by name, ASCII case-insensitively as SQLite does.</summary>
    bool TryGetTable(string name, out TableSnapshot table);

    IEnumerable<string> TableNames { get; }
}
