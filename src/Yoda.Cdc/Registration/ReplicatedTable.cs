using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Types;

namespace Yoda.Cdc.Registration;

/// <summary>
/// A registered table as the capture and merge layers see it: its columns, its key (primary key
/// or rowid), and the column list of every schema version its CDC events may carry.
/// Immutable: a schema change makes a new instance with the next version.
/// </summary>
public sealed class ReplicatedTable
{
    public const string ValidFromColumn = "_yoda_valid_from";
    public const string ValidToColumn = "_yoda_valid_to";
    public const string OperationColumn = "_yoda_operation";

    public ReplicatedTable(
        string name,
        IReadOnlyList<ColumnDefinition> columns,
        IReadOnlyList<string> primaryKey,
        string? rowidAlias,
        int schemaVersion,
        IReadOnlyDictionary<int, IReadOnlyList<string>> columnsByVersion)
    {
        Name = name;
        Columns = columns;
        PrimaryKey = primaryKey;
        RowidAlias = rowidAlias;
        SchemaVersion = schemaVersion;
        ColumnsByVersion = columnsByVersion;
        KeyColumnIndexes = primaryKey.Select(k => IndexOf(k)).ToArray();
    }

    public string Name { get; }

    public IReadOnlyList<ColumnDefinition> Columns { get; }

    /// <summary>Empty when the table replicates by rowid.</summary>
    public IReadOnlyList<string> PrimaryKey { get; }

    /// <summary>The name under which SQLite exposes the rowid of this table (rowid, _rowid_ or oid); null for primary-key tables.</summary>
    public string? RowidAlias { get; }

    public bool UsesRowid => PrimaryKey.Count == 0;

    public int SchemaVersion { get; }

    public IReadOnlyDictionary<int, IReadOnlyList<string>> ColumnsByVersion { get; }

    /// <summary>Positions of the primary-key columns in <see cref="Columns"/>.</summary>
    public IReadOnlyList<int> KeyColumnIndexes { get; }

    public static ReplicatedTable Create(string name, IReadOnlyList<ColumnDefinition> columns, IReadOnlyList<string> primaryKey, string? rowidAlias) =>
        new(name, columns, primaryKey, rowidAlias, 1,
            new Dictionary<int, IReadOnlyList<string>> { [1] = columns.Select(c => c.Name).ToList() });

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The next schema version with <paramref name="columns"/>.</summary>
    public ReplicatedTable WithColumns(IReadOnlyList<ColumnDefinition> columns)
    {
        var versions = new Dictionary<int, IReadOnlyList<string>>(ColumnsByVersion)
        {
            [SchemaVersion + 1] = columns.Select(c => c.Name).ToList(),
        };
        return new ReplicatedTable(Name, columns, PrimaryKey, RowidAlias, SchemaVersion + 1, versions);
    }

    /// <summary>The OLAP table's Arrow schema in <paramref name="temporal"/> or destructive mode.</summary>
    public Schema ToOlapSchema(bool temporal)
    {
        var uniqueKey = !temporal && PrimaryKey.Count == 1 ? PrimaryKey[0] : null;
        var fields = Columns.Select(c => new Field(c.Name, c.Type, c.IsNullable, Metadata(c, string.Equals(c.Name, uniqueKey, StringComparison.OrdinalIgnoreCase)))).ToList();
        if (temporal)
        {
            fields.Add(new Field(ValidFromColumn, Int64Type.Default, nullable: false));
            fields.Add(new Field(ValidToColumn, Int64Type.Default, nullable: true));
            fields.Add(new Field(OperationColumn, StringType.Default, nullable: false));
        }

        return new Schema(fields, metadata: null);
    }

    /// <summary>A column's declared collation and, on the only key column of a table without history (one live row per key), the unique mark.</summary>
    private static Dictionary<string, string>? Metadata(ColumnDefinition column, bool uniqueKey)
    {
        if (column.Collation is null && !uniqueKey)
        {
            return null;
        }

        var metadata = new Dictionary<string, string>();
        if (column.Collation is not null)
        {
            metadata[ColumnDefinition.CollationMetadataKey] = column.Collation;
        }

        if (uniqueKey)
        {
            metadata[ColumnDefinition.UniqueKeyMetadataKey] = "true";
        }

        return metadata;
    }
}
