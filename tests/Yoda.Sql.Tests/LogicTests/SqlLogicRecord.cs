namespace Yoda.Sql.Tests.LogicTests;

/// <summary>One record of a sqllogictest script: a statement, or a query with its expected output.</summary>
public sealed record SqlLogicRecord(
    bool IsQuery,
    string Sql,
    string Types,
    string SortMode,
    IReadOnlyList<string> Expected,
    int HashThreshold,
    int Line);
