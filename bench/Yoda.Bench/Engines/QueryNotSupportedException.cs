namespace Yoda.Bench.Engines;

/// <summary>The engine declined the query as a known, documented limitation (not a wrong answer).</summary>
public sealed class QueryNotSupportedException(string message, Exception? inner = null) : Exception(message, inner);
