using System.Globalization;

namespace Yoda.Testing;

/// <summary>Renders values of the comparison model (null, long, double, string, byte[]) as SQLite literals that read back exactly.</summary>
public static class SqlLiteral
{
    public static string Render(object? value) => value switch
    {
        null => "NULL",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        double d => Real(d),
        // A NUL would end the SQL text: such strings are spelled as their UTF-8 bytes cast to TEXT.
        string s when s.Contains('\0') => "CAST(X'" + Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(s)) + "' AS TEXT)",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        byte[] bytes => "X'" + Convert.ToHexString(bytes) + "'",
        _ => throw new ArgumentException($"no SQL literal for {value.GetType().Name}", nameof(value)),
    };

    /// <summary>A real literal that SQLite parses back to the same double (always with a '.' or an exponent, so it stays REAL).</summary>
    public static string Real(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            throw new ArgumentException("SQLite has no literal for NaN or infinity", nameof(d));
        }

        if (d == 0 && double.IsNegative(d))
        {
            return "-0.0";
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    /// <summary>A quoted SQL identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
