namespace Yoda.Bench.Workloads;

/// <summary>One column of generated data, stored unboxed; a null entry is SQL NULL.</summary>
public sealed class ColumnData
{
    private ColumnData(string name, ColumnType type, long?[]? ints, double?[]? doubles, string?[]? texts)
    {
        Name = name;
        Type = type;
        Ints = ints;
        Doubles = doubles;
        Texts = texts;
    }

    public string Name { get; }

    public ColumnType Type { get; }

    public long?[]? Ints { get; }

    public double?[]? Doubles { get; }

    public string?[]? Texts { get; }

    public int Length => Ints?.Length ?? Doubles?.Length ?? Texts!.Length;

    public static ColumnData Int(string name, long?[] values) => new(name, ColumnType.Int64, values, null, null);

    public static ColumnData Real(string name, double?[] values) => new(name, ColumnType.Double, null, values, null);

    public static ColumnData Text(string name, string?[] values) => new(name, ColumnType.Text, null, null, values);

    /// <summary>The value of one row boxed as long, double, string or null (loaders that bind objects).</summary>
    public object? GetValue(int row) => Type switch
    {
        ColumnType.Int64 => Ints![row],
        ColumnType.Double => Doubles![row],
        _ => Texts![row],
    };
}

/// <summary>A generated table: columns of equal length and an optional primary key.</summary>
public sealed class TableData
{
    public TableData(string name, IReadOnlyList<ColumnData> columns, IReadOnlyList<string> primaryKey)
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException("a table needs columns", nameof(columns));
        }

        int rows = columns[0].Length;
        if (columns.Any(c => c.Length != rows))
        {
            throw new ArgumentException($"columns of {name} differ in length", nameof(columns));
        }

        Name = name;
        Columns = columns;
        PrimaryKey = primaryKey;
        RowCount = rows;
    }

    public string Name { get; }

    public IReadOnlyList<ColumnData> Columns { get; }

    public IReadOnlyList<string> PrimaryKey { get; }

    public int RowCount { get; }
}
