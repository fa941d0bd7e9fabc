namespace Yoda.Sql.Ast;

/// <summary>One entry of the WINDOW clause: <c>name AS (spec)</c>.</summary>
public sealed record NamedWindow(string Name, WindowSpec Spec);
