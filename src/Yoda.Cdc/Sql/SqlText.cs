namespace Yoda.Cdc.Sql;

/// <summary>Quoting for every identifier and literal that Yoda writes into generated SQL.</summary>
public static class SqlText
{
    /// <summary><c>a"b</c> becomes <c>"a""b"</c>: safe for any name, keywords and spaces included.</summary>
    public static string Identifier(string name)
    {
        if (name.Contains('\0'))
        {
            throw new ArgumentException("identifiers may not contain NUL characters", nameof(name));
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary><c>it's</c> becomes <c>'it''s'</c>.</summary>
    public static string Literal(string text)
    {
        if (text.Contains('\0'))
        {
            throw new ArgumentException("SQL literals may not contain NUL characters", nameof(text));
        }

        return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
