using System.Globalization;
using Yoda.Bench.Workloads;

namespace Yoda.Bench.Engines;

/// <summary>DDL and literal rendering shared by the SQLite-dialect loaders.</summary>
public static class SqlText
{
    public static string SqliteType(ColumnType type) => type switch
    {
        ColumnType.Int64 => "INTEGER",
        ColumnType.Double => "REAL",
        _ => "TEXT",
    };

    /// <summary>CREATE TABLE in SQLite's dialect; a single integer key becomes the rowid alias.</summary>
    public static string SqliteCreateTable(TableData table)
    {
        var pk = table.PrimaryKey;
        bool rowidKey = pk.Count == 1 && table.Columns.First(c => c.Name == pk[0]).Type == ColumnType.Int64;
        var columns = table.Columns.Select(c =>
            $"{c.Name} {SqliteType(c.Type)}{(rowidKey && c.Name == pk[0] ? " PRIMARY KEY" : pk.Contains(c.Name) ? " NOT NULL" : "")}");
        string keyClause = !rowidKey && pk.Count > 0 ? $", PRIMARY KEY ({string.Join(", ", pk)})" : "";
        return $"CREATE TABLE {table.Name} ({string.Join(", ", columns)}{keyClause})";
    }

    /// <summary>A value as a SQL literal that reads back to exactly the same value.</summary>
    public static string Literal(object? value) => value switch
    {
        null => "NULL",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => throw new ArgumentException($"no literal form for {value.GetType()}", nameof(value)),
    };

    /// <summary>Multi-row INSERT statements of at most <paramref name="rowsPerStatement"/> rows each.</summary>
    public static IEnumerable<string> InsertStatements(TableData table, int from, int to, int rowsPerStatement)
    {
        string head = $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) VALUES ";
        var sb = new System.Text.StringBuilder();
        for (int start = from; start < to; start += rowsPerStatement)
        {
            sb.Clear().Append(head);
            int end = Math.Min(to, start + rowsPerStatement);
            for (int row = start; row < end; row++)
            {
                sb.Append(row == start ? "(" : ", (");
                for (int c = 0; c < table.Columns.Count; c++)
                {
                    if (c > 0)
                    {
                        sb.Append(", ");
                    }

                    sb.Append(Literal(table.Columns[c].GetValue(row)));
                }

                sb.Append(')');
            }

            yield return sb.ToString();
        }
    }

    private static string FormatDouble(double d)
    {
        string text = d.ToString("R", CultureInfo.InvariantCulture);
        // Keep the literal a real even when it has no fraction, so it is never read as an integer.
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }
}
