using System.Text;

namespace Yoda.Testing;

/// <summary>A column of a generated table: its name, registered type, SQLite declared type and nullability.</summary>
public sealed record GeneratedColumn(string Name, ColumnType Type, string DeclaredType, bool Nullable);

/// <summary>
/// A generated table: schema and rows. It renders itself as the SQL that builds it
/// (<see cref="CreateTableSql"/>, <see cref="InsertStatements"/>) and as the
/// <see cref="TableSchema"/> that registers it, so a failing case can be pasted into a regression test.
/// </summary>
public sealed record GeneratedTable(string Name, IReadOnlyList<GeneratedColumn> Columns, IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<object?[]> Rows)
{
    public bool HasPrimaryKey => PrimaryKey.Count > 0;

    public GeneratedColumn Column(string name) => Columns.First(c => c.Name == name);

    public string CreateTableSql()
    {
        var parts = new List<string>();
        var singleKey = PrimaryKey.Count == 1 ? PrimaryKey[0] : null;
        foreach (var c in Columns)
        {
            var text = $"{c.Name} {c.DeclaredType}";
            if (c.Name == singleKey)
            {
                text += " PRIMARY KEY NOT NULL";
            }
            else if (!c.Nullable)
            {
                text += " NOT NULL";
            }

            parts.Add(text);
        }

        if (PrimaryKey.Count > 1)
        {
            parts.Add($"PRIMARY KEY ({string.Join(", ", PrimaryKey)})");
        }

        return $"CREATE TABLE {Name} ({string.Join(", ", parts)})";
    }

    public TableSchema ToTableSchema() => new(Name, Columns.Select(c => (c.Name, c.Type.Name)), PrimaryKey);

    /// <summary>The registration as C# source.</summary>
    public string RegistrationSource() =>
        $"new TableSchema(\"{Name}\", [{string.Join(", ", Columns.Select(c => $"(\"{c.Name}\", \"{c.Type.Name}\")"))}], [{string.Join(", ", PrimaryKey.Select(k => $"\"{k}\""))}])";

    /// <summary>One INSERT per chunk of rows (SQLite limits compound statements; chunks keep them short).</summary>
    public IEnumerable<string> InsertStatements(int rowsPerStatement = 50)
    {
        for (var i = 0; i < Rows.Count; i += rowsPerStatement)
        {
            var chunk = Rows.Skip(i).Take(rowsPerStatement)
                .Select(r => "(" + string.Join(", ", r.Select(SqlLiteral.Render)) + ")");
            yield return $"INSERT INTO {Name} ({string.Join(", ", Columns.Select(c => c.Name))}) VALUES {string.Join(", ", chunk)}";
        }
    }

    /// <summary>The table with only some of its rows (for shrinking).</summary>
    public GeneratedTable WithRows(IReadOnlyList<object?[]> rows) => this with { Rows = rows };

    /// <summary>CREATE TABLE, registration and INSERTs, ready to paste into a regression test.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CreateTableSql() + ";");
        sb.AppendLine("-- register: " + RegistrationSource());
        foreach (var insert in InsertStatements(10))
        {
            sb.AppendLine(insert + ";");
        }

        return sb.ToString();
    }

    /// <summary>Shrinks: fewer rows (halves, then one row less at a time), simpler column values.</summary>
    public IEnumerable<GeneratedTable> Shrink()
    {
        if (Rows.Count == 0)
        {
            yield break;
        }

        if (Rows.Count > 1)
        {
            yield return WithRows(Rows.Take(Rows.Count / 2).ToList());
            yield return WithRows(Rows.Skip(Rows.Count / 2).ToList());
        }

        for (var i = 0; i < Rows.Count; i++)
        {
            var copy = Rows.ToList();
            copy.RemoveAt(i);
            yield return WithRows(copy);
        }
    }
}
