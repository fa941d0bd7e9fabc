using System.Collections.Immutable;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>
/// A common table expression in scope: its definition, the CTEs it can see (every CTE of its WITH
/// clause, itself included, as in SQLite), and its rows once computed. While a recursive CTE
/// iterates, <see cref="Working"/> holds the rows of the previous step, which each recursive term
/// reads once.
/// </summary>
internal sealed class CteEntry(CommonTableExpr definition)
{
    public CommonTableExpr Definition => definition;

    public ImmutableDictionary<string, CteEntry> Scope { get; set; } = ImmutableDictionary<string, CteEntry>.Empty;

    public DerivedTable? Computed { get; set; }

    public DerivedTable? Working { get; set; }

    /// <summary>The recursive term being planned has read <see cref="Working"/> already: another reference is SQLite's error.</summary>
    public bool WorkingTaken { get; set; }

    /// <summary>The CTE is being computed: a reference to it now (outside a recursive term's FROM) is a circular reference.</summary>
    public bool InProgress { get; set; }
}
