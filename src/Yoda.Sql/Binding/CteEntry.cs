using System.Collections.Immutable;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>
/// A common table expression in scope: its definition, the CTEs it can see (those defined before
/// it, and itself when recursive), and its rows once computed. While a recursive CTE iterates,
/// <see cref="Working"/> holds the rows of the previous step, which its recursive terms read.
/// </summary>
internal sealed class CteEntry(CommonTableExpr definition, bool recursive)
{
    public CommonTableExpr Definition => definition;

    public bool Recursive => recursive;

    public ImmutableDictionary<string, CteEntry> Scope { get; set; } = ImmutableDictionary<string, CteEntry>.Empty;

    public DerivedTable? Computed { get; set; }

    public DerivedTable? Working { get; set; }
}
