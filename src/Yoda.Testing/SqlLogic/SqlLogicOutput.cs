using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Yoda.Columnar.Kernels;

namespace Yoda.Testing.SqlLogic;

/// <summary>
/// Renders result rows the way the sqllogictest harness renders SQLite's: each value by its
/// column's type letter (I as %lld, R as %.3f, T as text; NULL, (empty), control and non-ASCII
/// characters as @), sorted by the record's sort mode, and hashed past the hash threshold.
/// </summary>
public static class SqlLogicOutput
{
    /// <summary>The lines to compare with <see cref="SqlLogicRecord.Expected"/>.</summary>
    public static List<string> Render(SqlLogicRecord record, IEnumerable<object?[]> rows)
    {
        var rendered = rows.Select(r => r.Select((v, c) => Value(v, c < record.Types.Length ? record.Types[c] : 'T')).ToArray()).ToList();
        var values = record.SortMode switch
        {
            "rowsort" => rendered.Order(Comparer<string[]>.Create(CompareRows)).SelectMany(r => r).ToList(),
            "valuesort" => rendered.SelectMany(r => r).Order(StringComparer.Ordinal).ToList(),
            _ => rendered.SelectMany(r => r).ToList(),
        };
        var expectsHash = record.Expected is [var only] && only.Contains(" values hashing to ", StringComparison.Ordinal);
        if (expectsHash || (record.HashThreshold > 0 && values.Count > record.HashThreshold))
        {
            var hash = MD5.HashData(Encoding.UTF8.GetBytes(string.Concat(values.Select(v => v + "\n"))));
            return [$"{values.Count} values hashing to {Convert.ToHexStringLower(hash)}"];
        }

        return values;
    }

    private static int CompareRows(string[] a, string[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>One value as the harness prints it for a column of <paramref name="type"/>.</summary>
    public static string Value(object? v, char type)
    {
        if (v is null)
        {
            return "NULL";
        }

        var text = type switch
        {
            'I' => v switch
            {
                long l => l.ToString(CultureInfo.InvariantCulture),
                double d => RealKernels.ToInt64(d).ToString(CultureInfo.InvariantCulture),
                string s => NumericText.ToInteger(s).ToString(CultureInfo.InvariantCulture),
                _ => "0",
            },
            'R' => Real(v switch
            {
                long l => l,
                double d => d,
                string s => NumericText.ToReal(s),
                _ => 0.0,
            }),
            _ => v is byte[] b ? Encoding.UTF8.GetString(b) : NumericText.ToText(v),
        };
        if (text.Length == 0)
        {
            return "(empty)";
        }

        return string.Concat(text.Select(c => c < ' ' || c > '~' ? '@' : c));
    }

    /// <summary>%.3f as the corpus was rendered: large magnitudes keep 16 significant digits and zero-fill.</summary>
    private static string Real(double d)
    {
        if (Math.Abs(d) < 1e15 || !double.IsFinite(d))
        {
            return d.ToString("F3", CultureInfo.InvariantCulture);
        }

        var e = Math.Abs(d).ToString("E15", CultureInfo.InvariantCulture);
        var exponent = int.Parse(e.AsSpan(e.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var digits = (e[0] + e[2..e.IndexOf('E')]).PadRight(exponent + 1, '0');
        return (d < 0 ? "-" : string.Empty) + digits + ".000";
    }
}
