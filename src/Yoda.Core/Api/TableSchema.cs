using Apache.Arrow;
using Yoda.Columnar.Types;

namespace Yoda;

/// <summary>
/// The shape of a table to replicate: its columns with their types (see the type table in the
/// API contract) and its primary key. An empty primary key replicates by SQLite rowid.
/// </summary>
public sealed class TableSchema
{
    public TableSchema(string name, IEnumerable<(string Name, string Type)> columns, IEnumerable<string> primaryKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(primaryKey);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("table name must not be empty", nameof(name));
        }

        var key = primaryKey.ToList();
        var list = new List<ColumnSchema>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (columnName, typeName) in columns)
        {
            if (string.IsNullOrWhiteSpace(columnName))
            {
                throw new ArgumentException($"table {name}: column names must not be empty", nameof(columns));
            }

            if (!seen.Add(columnName))
            {
                throw new ArgumentException($"table {name}: duplicate column name: {columnName}", nameof(columns));
            }

            if (typeName is null || !ColumnTypes.TryParse(typeName, out var arrowType))
            {
                throw new ArgumentException($"unknown type: {typeName}", nameof(columns));
            }

            var inKey = key.Any(k => string.Equals(k, columnName, StringComparison.OrdinalIgnoreCase));
            list.Add(new ColumnSchema(columnName, typeName, arrowType, IsNullable: !inKey));
        }

        if (list.Count == 0)
        {
            throw new ArgumentException($"table {name}: the column list is empty", nameof(columns));
        }

        var keySeen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var canonicalKey = new List<string>();
        foreach (var k in key)
        {
            var column = list.FirstOrDefault(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"table {name}: primary-key column {k} is not among the columns", nameof(primaryKey));
            if (!keySeen.Add(k))
            {
                throw new ArgumentException($"table {name}: primary-key column {k} is listed twice", nameof(primaryKey));
            }

            canonicalKey.Add(column.Name);
        }

        Name = name;
        Columns = list;
        PrimaryKey = canonicalKey;
    }

    public string Name { get; }

    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>Empty: the table replicates by SQLite rowid.</summary>
    public IReadOnlyList<string> PrimaryKey { get; }

    public Schema ToArrowSchema() =>
        new(Columns.Select(c => new Field(c.Name, c.ArrowType, c.IsNullable)), metadata: null);

    internal IReadOnlyList<ColumnDefinition> ToColumnDefinitions() =>
        Columns.Select(c => new ColumnDefinition(c.Name, c.ArrowType, c.IsNullable)).ToList();
}
