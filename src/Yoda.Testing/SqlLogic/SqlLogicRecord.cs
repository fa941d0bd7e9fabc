namespace Yoda.Testing.SqlLogic;

/// <summary>
/// One record of a sqllogictest script: a statement (<see cref="ExpectsError"/> for
/// <c>statement error</c>), or a query with its column types (<c>I</c>, <c>R</c>, <c>T</c>), sort
/// mode (<c>nosort</c>, <c>rowsort</c>, <c>valuesort</c>) and expected output.
/// </summary>
public sealed record SqlLogicRecord(
    bool IsQuery,
    string Sql,
    string Types,
    string SortMode,
    IReadOnlyList<string> Expected,
    int HashThreshold,
    int Line,
    bool ExpectsError = false);
