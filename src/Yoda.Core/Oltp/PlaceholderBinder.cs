using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Yoda.Oltp;

/// <summary>
/// Binds a positional value list to a statement's placeholders in SQLite's numbering: <c>?</c>
/// takes the largest index so far + 1, <c>?NNN</c> is index NNN, and <c>:name</c>, <c>@name</c>,
/// <c>$name</c> take the next index at their first appearance. Microsoft.Data.Sqlite binds by
/// name only, so plain <c>?</c> placeholders are rewritten to their explicit <c>?NNN</c> form.
/// Numbering runs across the whole text, also when it holds several statements.
/// </summary>
internal static class PlaceholderBinder
{
    public static void Bind(SqliteCommand command, string sql, object?[] values)
    {
        var (text, placeholders) = Rewrite(sql);
        command.CommandText = text;
        CheckCount(placeholders, values);
        foreach (var (name, index) in placeholders)
        {
            command.Parameters.AddWithValue(name, values[index - 1] ?? DBNull.Value);
        }
    }

    /// <summary>Sets the values of parameters added earlier in the order of <paramref name="placeholders"/>.</summary>
    public static void Rebind(SqliteCommand command, List<(string Name, int Index)> placeholders, IReadOnlyList<object?> values)
    {
        CheckCount(placeholders, values);
        for (var i = 0; i < placeholders.Count; i++)
        {
            command.Parameters[i].Value = values[placeholders[i].Index - 1] ?? DBNull.Value;
        }
    }

    private static void CheckCount(List<(string Name, int Index)> placeholders, IReadOnlyList<object?> values)
    {
        var maxIndex = 0;
        foreach (var (_, index) in placeholders)
        {
            maxIndex = Math.Max(maxIndex, index);
        }

        if (values.Count != maxIndex)
        {
            throw new ArgumentException(
                $"the statement uses {maxIndex} parameter(s) but {values.Count} value(s) were given", "parameters");
        }
    }

    /// <summary>The text with plain <c>?</c> made explicit, and each distinct placeholder with its index.</summary>
    internal static (string Text, List<(string Name, int Index)> Placeholders) Rewrite(string sql)
    {
        var output = new StringBuilder(sql.Length + 8);
        var placeholders = new List<(string Name, int Index)>();
        var max = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var skipped = SkipQuotedOrComment(sql, i);
            if (skipped > i)
            {
                output.Append(sql, i, skipped - i);
                i = skipped;
                continue;
            }

            if (c == '?')
            {
                var end = i + 1;
                while (end < sql.Length && char.IsAsciiDigit(sql[end]))
                {
                    end++;
                }

                int index;
                if (end > i + 1)
                {
                    index = int.Parse(sql.AsSpan(i + 1, end - i - 1), CultureInfo.InvariantCulture);
                }
                else
                {
                    index = max + 1;
                }

                max = Math.Max(max, index);
                var name = "?" + index.ToString(CultureInfo.InvariantCulture);
                if (!placeholders.Any(p => p.Name == name))
                {
                    placeholders.Add((name, index));
                }

                output.Append(name);
                i = end;
                continue;
            }

            if (c is ':' or '@' or '$' && i + 1 < sql.Length && IsNameChar(sql[i + 1]))
            {
                var end = i + 1;
                while (end < sql.Length && IsNameChar(sql[end]))
                {
                    end++;
                }

                var name = sql[i..end];
                if (!placeholders.Any(p => p.Name == name))
                {
                    placeholders.Add((name, ++max));
                }

                output.Append(name);
                i = end;
                continue;
            }

            output.Append(c);
            i++;
        }

        return (output.ToString(), placeholders);
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c > 127;

    /// <summary>The index just past a string literal, quoted identifier or comment starting at <paramref name="i"/>, else <paramref name="i"/>.</summary>
    private static int SkipQuotedOrComment(string sql, int i)
    {
        var c = sql[i];
        switch (c)
        {
            case '\'' or '"' or '`':
                {
                    var end = SqlToken.QuotedEnd(sql, i, c);
                    return end < 0 ? sql.Length : end;
                }

            case '[':
                {
                    var close = sql.IndexOf(']', i + 1);
                    return close < 0 ? sql.Length : close + 1;
                }

            case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                {
                    var newline = sql.IndexOf('\n', i);
                    return newline < 0 ? sql.Length : newline + 1;
                }

            case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                {
                    var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    return close < 0 ? sql.Length : close + 2;
                }

            default:
                return i;
        }
    }
}
