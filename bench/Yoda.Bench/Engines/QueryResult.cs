namespace Yoda.Bench.Engines;

/// <summary>
/// A query result in normal form: every value is null, a long, a double or a string (see
/// <see cref="ValueNormalizer"/>), so results of different engines compare directly.
/// </summary>
public sealed record QueryResult(int ColumnCount, IReadOnlyList<object?[]> Rows);
