namespace Yoda.Columnar.Execution;

/// <summary>One ORDER BY key: an input column, its direction, and where NULLs go.</summary>
public sealed record SortKey(int Column, bool Descending, bool NullsFirst);
