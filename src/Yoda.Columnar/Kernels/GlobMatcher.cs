namespace Yoda.Columnar.Kernels;

/// <summary>
/// SQLite's GLOB: '*' any run, '?' one character, '[...]' one character of a set (ranges a-z,
/// '^' first to negate, ']' first to include it); case-sensitive, no escape character, by code point.
/// </summary>
public static class GlobMatcher
{
    public static bool Matches(string pattern, string text)
    {
        var p = CodePoints(pattern);
        var t = CodePoints(text);

        // Every element but '*' matches exactly one character, so one backtrack point (the last '*') is enough.
        int pi = 0, ti = 0, starP = -1, starT = 0;
        while (ti < t.Length)
        {
            if (pi < p.Length && p[pi] == '*')
            {
                starP = ++pi;
                starT = ti;
                continue;
            }

            if (pi < p.Length && MatchOne(p, ref pi, t[ti]))
            {
                ti++;
                continue;
            }

            if (starP < 0)
            {
                return false;
            }

            pi = starP;
            ti = ++starT;
        }

        while (pi < p.Length && p[pi] == '*')
        {
            pi++;
        }

        return pi == p.Length;
    }

    /// <summary>Whether the pattern element at <paramref name="pi"/> matches <paramref name="c"/>; on a match <paramref name="pi"/> moves past it.</summary>
    private static bool MatchOne(int[] p, ref int pi, int c)
    {
        if (p[pi] == '?')
        {
            pi++;
            return true;
        }

        if (p[pi] != '[')
        {
            if (p[pi] != c)
            {
                return false;
            }

            pi++;
            return true;
        }

        var i = pi + 1;
        var (seen, invert, prior) = (false, false, 0);
        if (i < p.Length && p[i] == '^')
        {
            invert = true;
            i++;
        }

        if (i < p.Length && p[i] == ']')
        {
            seen = c == ']';
            i++;
        }

        while (i < p.Length && p[i] != ']')
        {
            if (p[i] == '-' && i + 1 < p.Length && p[i + 1] != ']' && prior > 0)
            {
                seen |= c >= prior && c <= p[i + 1];
                prior = 0;
                i += 2;
            }
            else
            {
                seen |= c == p[i];
                prior = p[i];
                i++;
            }
        }

        if (i >= p.Length || seen == invert)
        {
            return false;
        }

        pi = i + 1;
        return true;
    }

    private static int[] CodePoints(string s)
    {
        var result = new List<int>(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            result.Add(rune.Value);
        }

        return [.. result];
    }
}
