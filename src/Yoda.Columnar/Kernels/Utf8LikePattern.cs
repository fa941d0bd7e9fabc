namespace Yoda.Columnar.Kernels;

/// <summary>
/// A LIKE pattern made of literal text and '%' only (no '_', no ESCAPE), matched on UTF-8 bytes
/// with SQLite's LIKE semantics (ASCII letters case-insensitive): the text must start with the
/// literal before the first '%', end with the one after the last, and hold the ones in between in
/// order; the leftmost occurrence of each is the right one to take.
/// </summary>
public sealed class Utf8LikePattern
{
    private readonly FoldedLiteral _prefix;
    private readonly FoldedLiteral[] _middle;
    private readonly FoldedLiteral _suffix;
    private readonly bool _hasWildcard;

    private Utf8LikePattern(string[] parts)
    {
        _prefix = new FoldedLiteral(parts[0]);
        _suffix = new FoldedLiteral(parts[^1]);
        _middle = parts.Length > 2 ? parts[1..^1].Where(p => p.Length > 0).Select(p => new FoldedLiteral(p)).ToArray() : [];
        _hasWildcard = parts.Length > 1;
    }

    /// <summary>The literal of a pattern '%literal%' (literal not empty), whose matches can be searched for across many values at once; else null.</summary>
    public FoldedLiteral? ContainedLiteral => _prefix.Length == 0 && _suffix.Length == 0 && _middle.Length == 1 ? _middle[0] : null;

    /// <summary>The pattern, or null when it has a '_' or text that is not valid UTF-16 (a lone surrogate).</summary>
    public static Utf8LikePattern? TryCreate(string pattern)
    {
        return pattern.Contains('_') || !Utf16Text.IsValid(pattern) ? null : new Utf8LikePattern(pattern.Split('%'));
    }

    public bool IsMatch(ReadOnlySpan<byte> text)
    {
        if (!_hasWildcard)
        {
            return _prefix.EqualsFolded(text);
        }

        if (text.Length < _prefix.Length + _suffix.Length
            || !_prefix.EqualsFolded(text[.._prefix.Length])
            || !_suffix.EqualsFolded(text[^_suffix.Length..]))
        {
            return false;
        }

        var rest = text[_prefix.Length..^_suffix.Length];
        foreach (var literal in _middle)
        {
            var at = literal.IndexIn(rest);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + literal.Length)..];
        }

        return true;
    }
}
