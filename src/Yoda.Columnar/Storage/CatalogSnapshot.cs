using System.Collections.Immutable;

namespace Yoda.Columnar.Storage;

/// <summary>An immutable set of table snapshots, published as a whole by the sync engine.</summary>
public sealed class CatalogSnapshot : ICatalogSnapshot
{
    public static readonly CatalogSnapshot Empty = new(ImmutableDictionary.Create<string, TableSnapshot>(StringComparer.OrdinalIgnoreCase));

    private readonly ImmutableDictionary<string, TableSnapshot> _tables;

    private CatalogSnapshot(ImmutableDictionary<string, TableSnapshot> tables) => _tables = tables;

    public CatalogSnapshot(IEnumerable<TableSnapshot> tables)
        : this(tables.ToImmutableDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase))
    {
    }

    public IEnumerable<string> TableNames => _tables.Keys;

    public bool TryGetTable(string name, out TableSnapshot table) => _tables.TryGetValue(name, out table!);

    public CatalogSnapshot SetTable(TableSnapshot table) => new(_tables.SetItem(table.Name, table));

    public CatalogSnapshot RemoveTable(string name) => new(_tables.Remove(name));
}
