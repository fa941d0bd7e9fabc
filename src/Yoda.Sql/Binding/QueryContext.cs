using System.Collections.Immutable;
using Yoda.Columnar.Storage;

namespace Yoda.Sql.Binding;

/// <summary>
/// What every SELECT of one statement shares while it is bound: the catalog snapshot, the
/// parameter values, the views, the common table expressions in scope and the derived tables
/// already computed (a CTE or view referenced several times is computed once).
/// </summary>
internal sealed class QueryContext(
    ICatalogSnapshot catalog,
    IReadOnlyList<object?> parameters,
    IReadOnlyDictionary<int, int> parameterIndexByOffset,
    IReadOnlyDictionary<string, ViewDefinition> views,
    CancellationToken ct)
{
    private readonly Dictionary<string, DerivedTable> _views = new(StringComparer.OrdinalIgnoreCase);
    private int _subqueries;

    public ICatalogSnapshot Catalog => catalog;

    public IReadOnlyList<object?> Parameters => parameters;

    public IReadOnlyDictionary<int, int> ParameterIndexByOffset => parameterIndexByOffset;

    public CancellationToken CancellationToken => ct;

    /// <summary>When the statement started (UTC): CURRENT_DATE, CURRENT_TIME and CURRENT_TIMESTAMP read it, the same all through the statement, as in SQLite.</summary>
    public DateTime StatementTime { get; } = DateTime.UtcNow;

    /// <summary>How the statement's queries are planned (optimisations, memory limit).</summary>
    public Yoda.Columnar.Execution.ExecutionOptions Options { get; init; } = Yoda.Columnar.Execution.ExecutionOptions.Default;

    /// <summary>
    /// <see cref="Options"/> with a share of the statement's memory of its own (<see cref="Yoda.Columnar.Execution.QueryMemory.RunScope"/>)
    /// for a plan that runs on its own (a subquery, a CTE), whose runner gives back what a run held.
    /// </summary>
    public Yoda.Columnar.Execution.ExecutionOptions OptionsForRun() =>
        Options.Memory is { } memory ? Options with { Memory = memory.RunScope() } : Options;

    /// <summary>
    /// The canonical texts of INTEGER operations that overflowed in an earlier run of this statement:
    /// bound again, their result class varies per row (SQLite turns the overflowing rows to REAL).
    /// </summary>
    public IReadOnlySet<string> OverflowedOperations { get; init; } = new HashSet<string>();

    /// <summary>The CTEs visible where binding is now, by name (the innermost WITH wins).</summary>
    public ImmutableDictionary<string, CteEntry> Ctes { get; set; } = ImmutableDictionary.Create<string, CteEntry>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Views being expanded, to refuse a view that refers to itself.</summary>
    public HashSet<string> ViewsInProgress { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ViewDefinition? FindView(string name) => views.TryGetValue(name, out var view) ? view : null;

    public DerivedTable? ComputedView(string name) => _views.GetValueOrDefault(name);

    public void RememberView(string name, DerivedTable table) => _views[name] = table;

    /// <summary>A number for each subquery expression of the statement, to tell them apart in plans.</summary>
    public int NextSubqueryNumber() => ++_subqueries;
}
