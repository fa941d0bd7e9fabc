using Yoda.Columnar.Storage;
using Yoda.Sql.Ast;
using Yoda.Sql.Parsing;
using Yoda.Sql.Planning;

namespace Yoda.Sql.Binding;

/// <summary>
/// What a name in FROM stands for, in SQLite's order: a subquery, a CTE in scope, a table, a view.
/// Subqueries, CTEs and views are computed into in-memory tables (a CTE or view once per statement).
/// </summary>
internal sealed partial class Binder
{
    private (TableSnapshot Snapshot, DerivedTable? Derived) ResolveSource(TableRef r)
    {
        if (r.Subquery is { } query)
        {
            var derived = DeriveSubquery(query, r.Name, []);
            return (derived.Snapshot, derived);
        }

        if (r.SystemTime is null && shared.Ctes.TryGetValue(r.Name, out var cte))
        {
            var table = CteTable(cte);
            return (table.Snapshot, table);
        }

        if (shared.Catalog.TryGetTable(r.Name, out var stored))
        {
            return (stored, null);
        }

        if (r.SystemTime is null && shared.FindView(r.Name) is { } view)
        {
            var table = ViewTable(view);
            return (table.Snapshot, table);
        }

        throw new YodaException($"no such table: {r.Name}");
    }

    /// <summary>
    /// A subquery in FROM, or a CTE where it is used. Inside a correlated subquery it may read the
    /// enclosing queries' columns (not those of its own FROM siblings, as in SQLite): then it is
    /// computed again for each outer row.
    /// </summary>
    private DerivedTable DeriveSubquery(QueryExpr query, string name, IReadOnlyList<string> columns)
    {
        if (correlation is null)
        {
            return Derive(query, name, columns);
        }

        var frame = new CorrelationFrame();
        var plan = new QueryCompiler(shared, new Correlation(this, frame)).Compile(query);
        if (frame.References.Count == 0)
        {
            return DerivedTables.Materialize(plan, name, columns, shared.CancellationToken);
        }

        if (ValuesAsSelects.Contains(query))
        {
            frame = new CorrelationFrame();
            plan = new QueryCompiler(shared, new Correlation(this, frame)).Compile(ValuesAsSelects.Rewrite(query));
        }

        return DerivedTables.Correlated(plan, frame, name, columns);
    }

    private DerivedTable Derive(QueryExpr query, string name, IReadOnlyList<string> columns) =>
        DerivedTables.Materialize(new QueryCompiler(shared, null).Compile(query), name, columns, shared.CancellationToken);

    private DerivedTable CteTable(CteEntry cte)
    {
        if (cte.Working is { } working)
        {
            return cte.WorkingTaken
                ? throw new YodaException($"multiple recursive references: {cte.Definition.Name}")
                : Taken(cte, working);
        }

        if (cte.Computed is not null)
        {
            return cte.Computed;
        }

        if (cte.InProgress)
        {
            throw new YodaException($"circular reference: {cte.Definition.Name}");
        }

        var saved = shared.Ctes;
        shared.Ctes = cte.Scope;
        cte.InProgress = true;
        DerivedTable derived;
        try
        {
            derived = RecursiveCte.IsRecursive(cte)
                ? new RecursiveCte(shared, cte, correlation is null ? null : new Correlation(this, new CorrelationFrame())).Compute()
                : DeriveSubquery(cte.Definition.Query, cte.Definition.Name, cte.Definition.Columns);
        }
        finally
        {
            shared.Ctes = saved;
            cte.InProgress = false;
        }

        // A CTE that reads an enclosing query's columns is bound where it is used, as SQLite expands it: never shared.
        if (derived.Correlated is null)
        {
            cte.Computed = derived;
        }

        return derived;
    }

    private static DerivedTable Taken(CteEntry cte, DerivedTable working)
    {
        cte.WorkingTaken = true;
        return working;
    }

    private DerivedTable ViewTable(ViewDefinition view)
    {
        if (shared.ComputedView(view.Name) is { } done)
        {
            return done;
        }

        if (view.Error is { } error)
        {
            throw new YodaException(error);
        }

        if (!shared.ViewsInProgress.Add(view.Name))
        {
            throw new YodaException($"view {view.Name} is circularly defined");
        }

        var saved = shared.Ctes;
        shared.Ctes = shared.Ctes.Clear();
        try
        {
            var table = Derive(ParsedQueryCache.Shared.GetOrParse(view.Query, SqlParser.Parse).Query, view.Name, view.Columns);
            shared.RememberView(view.Name, table);
            return table;
        }
        finally
        {
            shared.Ctes = saved;
            shared.ViewsInProgress.Remove(view.Name);
        }
    }
}
