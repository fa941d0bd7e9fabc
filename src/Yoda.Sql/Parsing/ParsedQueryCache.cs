namespace Yoda.Sql.Parsing;

/// <summary>
/// Parsed queries by their exact text, so that a query run again skips tokenizing and parsing. Only
/// successful parses are kept (a text that fails throws again, with its line and column, each time),
/// the least recently used entries are dropped beyond <see cref="Capacity"/> entries or
/// <see cref="MaxTotalLength"/> characters of text in all, and texts longer than
/// <see cref="MaxTextLength"/> are never kept: memory stays bounded whatever texts arrive (an AST
/// takes memory in proportion to its text).
/// Sharing a parse is safe because the AST is immutable and placeholders are numbered by text
/// offset (parameter values are bound per execution). Plans are not cached: binding and planning
/// run per query on the current catalog snapshot, so schema changes and syncs are always seen.
/// </summary>
internal sealed class ParsedQueryCache
{
    public const int DefaultCapacity = 256;

    public const int DefaultMaxTextLength = 16_384;

    public const int DefaultMaxTotalLength = 512 * 1024;

    private readonly Dictionary<string, LinkedListNode<(string Sql, ParsedQuery Parsed)>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Sql, ParsedQuery Parsed)> _mostRecentFirst = new();
    private readonly Lock _gate = new();
    private long _totalLength;

    public ParsedQueryCache(int capacity, int maxTextLength, int maxTotalLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTextLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTotalLength, maxTextLength);
        Capacity = capacity;
        MaxTextLength = maxTextLength;
        MaxTotalLength = maxTotalLength;
    }

    /// <summary>The cache the OLAP path shares (queries and view definitions).</summary>
    public static ParsedQueryCache Shared { get; } = new(DefaultCapacity, DefaultMaxTextLength, DefaultMaxTotalLength);

    public int Capacity { get; }

    public int MaxTextLength { get; }

    public int MaxTotalLength { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byText.Count;
            }
        }
    }

    /// <summary>Characters of text in all the kept entries.</summary>
    public long TotalLength
    {
        get
        {
            lock (_gate)
            {
                return _totalLength;
            }
        }
    }

    /// <summary>
    /// The cached parse of <paramref name="sql"/>, or <paramref name="parse"/>'s result (kept when
    /// the text is short enough). Exceptions from <paramref name="parse"/> propagate and nothing is kept.
    /// </summary>
    public ParsedQuery GetOrParse(string sql, Func<string, ParsedQuery> parse)
    {
        if (sql.Length > MaxTextLength)
        {
            return parse(sql);
        }

        lock (_gate)
        {
            if (_byText.TryGetValue(sql, out var hit))
            {
                _mostRecentFirst.Remove(hit);
                _mostRecentFirst.AddFirst(hit);
                return hit.Value.Parsed;
            }
        }

        // Parsed outside the lock: two threads may parse the same new text once each, which is harmless.
        var parsed = parse(sql);
        lock (_gate)
        {
            if (!_byText.ContainsKey(sql))
            {
                _byText.Add(sql, _mostRecentFirst.AddFirst((sql, parsed)));
                _totalLength += sql.Length;
                while (_byText.Count > Capacity || _totalLength > MaxTotalLength)
                {
                    var oldest = _mostRecentFirst.Last!.Value.Sql;
                    _mostRecentFirst.RemoveLast();
                    _byText.Remove(oldest);
                    _totalLength -= oldest.Length;
                }
            }
        }

        return parsed;
    }
}
