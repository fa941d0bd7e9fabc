namespace Yoda.Sql.Ast;

/// <summary>
/// A constant: <see langword="null"/>, a <see cref="long"/>, a <see cref="double"/>, a <see cref="string"/> or a <see cref="byte"/> array.
/// <see cref="IsKeyword"/> marks <c>TRUE</c>/<c>FALSE</c>, which SQLite's parser keeps as names, not integer literals.
/// </summary>
public sealed record LiteralExpr(object? Value) : Expr
{
    public bool IsKeyword { get; init; }
}
