using System.Globalization;
using Superpower.Model;

namespace Yoda.Sql.Parsing;

/// <summary>Bound-parameter placeholders numbered the way SQLite numbers them.</summary>
public static class Placeholders
{
    /// <summary>The largest index SQLite accepts for <c>?NNN</c> (SQLITE_MAX_VARIABLE_NUMBER).</summary>
    public const int MaxIndex = 32766;

    /// <summary>
    /// Each distinct placeholder once, in order of first appearance, with its 1-based index:
    /// <c>?</c> takes the largest index so far + 1, <c>?NNN</c> is NNN, a name gets the next index
    /// at its first appearance. Placeholders in literals, quoted identifiers and comments are not
    /// tokens, so they are ignored. Never throws: text after a tokenizer error is not scanned.
    /// </summary>
    public static IReadOnlyList<(string Text, int Index)> Scan(string sql)
    {
        var result = new List<(string, int)>();
        foreach (var (text, index, isNew) in Number(SqlTokenizer.Instance.TokenizeLenient(sql)))
        {
            if (isNew)
            {
                result.Add((text, index));
            }
        }

        return result;
    }

    /// <summary>The index of every placeholder occurrence, keyed by its absolute offset in the text.</summary>
    internal static Dictionary<int, int> IndexByOffset(IEnumerable<Token<SqlToken>> tokens)
    {
        var byOffset = new Dictionary<int, int>();
        var list = tokens.ToList();
        var numbered = Number(list).ToList();
        var k = 0;
        foreach (var token in list.Where(t => t.Kind == SqlToken.Parameter))
        {
            byOffset[token.Span.Position.Absolute] = numbered[k++].Index;
        }

        return byOffset;
    }

    /// <summary>One entry per placeholder occurrence; <c>IsNew</c> marks a first appearance.</summary>
    private static IEnumerable<(string Text, int Index, bool IsNew)> Number(IEnumerable<Token<SqlToken>> tokens)
    {
        var named = new Dictionary<string, int>(StringComparer.Ordinal);
        var largest = 0;
        foreach (var token in tokens)
        {
            if (token.Kind != SqlToken.Parameter)
            {
                continue;
            }

            var text = token.ToStringValue();
            if (text == "?")
            {
                yield return (text, ++largest, true);
            }
            else if (named.TryGetValue(text, out var known))
            {
                yield return (text, known, false);
            }
            else
            {
                var index = text[0] == '?'
                    ? (int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
                    : largest + 1;
                named[text] = index;
                largest = Math.Max(largest, index);
                yield return (text, index, true);
            }
        }
    }
}
