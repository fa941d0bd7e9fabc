using Yoda.Sql.Ast;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// Plans any query: a SELECT (bound, then <see cref="QueryPlanner"/>), a VALUES list, a compound
/// select, or a body under a WITH clause. <paramref name="correlation"/> links a subquery to the
/// query around it.
/// </summary>
internal sealed class QueryCompiler(QueryContext shared, Correlation? correlation)
{
    /// <summary>
    /// The statement's options, with the share of its memory (<see cref="QueryMemory.RunScope"/>) that
    /// the plans compiled here count against, so that whoever runs them can give back what a run held.
    /// </summary>
    private readonly Columnar.Execution.ExecutionOptions _options = shared.OptionsForRun();

    /// <summary>The plans' share of the statement's memory (null when the statement has none).</summary>
    public Columnar.Execution.QueryMemory? Memory => _options.Memory;

    public PhysicalPlan Compile(QueryExpr query) => Memory is null ? Planned(query) : Planned(query) with { Memory = Memory };

    private PhysicalPlan Planned(QueryExpr query) => query switch
    {
        SelectStatement s => QueryPlanner.Plan(NewBinder().Bind(s), _options),
        ValuesQuery v => ValuesPlanner.Plan(v, NewBinder()),
        CompoundQuery c => new CompoundPlanner(this, NewBinder()).Plan(c),
        WithQuery w => CompileWith(w),
        _ => throw new YodaException($"{query.GetType().Name} is not supported yet"),
    };

    public Binder NewBinder() => new(shared, correlation);

    public Columnar.Execution.ExecutionOptions Options => _options;

    private PhysicalPlan CompileWith(WithQuery w)
    {
        var saved = shared.Ctes;
        try
        {
            // As in SQLite, every CTE of the clause sees all of them (itself too), with or without RECURSIVE.
            var scope = saved;
            var entries = new List<CteEntry>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var definition in w.Tables)
            {
                if (!names.Add(definition.Name))
                {
                    throw new YodaException($"duplicate WITH table name: {definition.Name}");
                }

                var entry = new CteEntry(definition);
                entries.Add(entry);
                scope = scope.SetItem(definition.Name, entry);
            }

            entries.ForEach(entry => entry.Scope = scope);

            shared.Ctes = scope;
            return Compile(w.Body);
        }
        finally
        {
            shared.Ctes = saved;
        }
    }
}
