namespace Yoda.Columnar.Kernels;

/// <summary>SQLite's LIKE: '%' any run, '_' one character, ASCII letters case-insensitive, optional escape character.</summary>
public static class LikeMatcher
{
    public static bool Matches(string pattern, string text, char? escape)
    {
        // Iterative wildcard matching with one backtrack point (the last '%'), linear in practice.
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '%' && pattern[p] != escape)
            {
                starP = ++p;
                starT = t;
                continue;
            }

            if (p < pattern.Length && TryMatchOne(pattern, ref p, text, ref t, escape))
            {
                continue;
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP;
            t = starT + CharWidth(text, starT);
            starT = t;
        }

        while (p < pattern.Length && pattern[p] == '%' && pattern[p] != escape)
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool TryMatchOne(string pattern, ref int p, string text, ref int t, char? escape)
    {
        var c = pattern[p];
        if (c == '_' && c != escape)
        {
            p++;
            t += CharWidth(text, t);
            return true;
        }

        var literalAt = c == escape && p + 1 < pattern.Length ? p + 1 : p;
        if (FoldAscii(pattern[literalAt]) != FoldAscii(text[t]))
        {
            return false;
        }

        p = literalAt + 1;
        t++;
        return true;
    }

    private static int CharWidth(string text, int t) =>
        char.IsHighSurrogate(text[t]) && t + 1 < text.Length && char.IsLowSurrogate(text[t + 1]) ? 2 : 1;

    private static char FoldAscii(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
}
