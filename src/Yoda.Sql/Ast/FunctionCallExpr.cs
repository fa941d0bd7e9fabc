using System.Collections.Immutable;

namespace Yoda.Sql.Ast;

/// <summary>A function call; <see cref="Star"/> for <c>count(*)</c>.</summary>
public sealed record FunctionCallExpr(string Name, ImmutableArray<Expr> Arguments, bool Distinct, bool Star) : Expr;
