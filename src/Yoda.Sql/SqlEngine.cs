using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Storage;
using Yoda.Sql.Binding;
using Yoda.Sql.Parsing;
using Yoda.Sql.Planning;
using Yoda.Sql.Routing;

namespace Yoda.Sql;

/// <summary>The OLAP SQL path: parse → bind → plan → execute on a catalog snapshot.</summary>
public static class SqlEngine
{
    /// <summary>
    /// Runs one query. Throws <see cref="SqlParseException"/> for syntax errors and
    /// <see cref="YodaException"/> for everything else. <c>EXPLAIN query</c> returns the plan as
    /// one text column named <c>plan</c>, one row per operator.
    /// </summary>
    public static QueryResult Execute(string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, CancellationToken ct) =>
        Execute(sql, parameters, catalog, NoViews, ct);

    /// <summary>Runs one query that may also read the given views (by name, ASCII case-insensitively).</summary>
    public static QueryResult Execute(string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, IReadOnlyDictionary<string, ViewDefinition> views, CancellationToken ct) =>
        Execute(sql, parameters, catalog, views, ExecutionOptions.Default, ct);

    /// <summary>Runs one query with the given planning and memory options.</summary>
    public static QueryResult Execute(string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, ExecutionOptions options, CancellationToken ct) =>
        Execute(sql, parameters, catalog, NoViews, options, ct);

    /// <summary>Runs one query that may read the given views, with the given planning and memory options.</summary>
    public static QueryResult Execute(
        string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, IReadOnlyDictionary<string, ViewDefinition> views, ExecutionOptions options, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var (text, isExplain) = StripExplain(sql);
        var overflowed = new HashSet<string>();

        // The statement's large arrays go back to the shared pool when it ends, however it ends: by
        // then every operator is done with them (the result batches hold copies).
        using var buffers = new QueryBuffers(BufferPool.Shared);
        options = options with { Buffers = buffers };
        var parsed = ParseQuery(text);
        while (true)
        {
            try
            {
                // One memory for the whole statement (its subqueries, CTEs and views too), fresh for each run of it.
                var plan = Prepare(parsed, parameters, catalog, views, options with { Memory = QueryPlanner.MemoryOf(options with { Memory = null }) }, overflowed, ct);
                if (isExplain)
                {
                    return PlanAsResult(plan.Root.Explain());
                }

                var (schema, batches) = RecordBatchWriter.WriteWithSchema(plan.Schema, plan.Root.OutputKinds, plan.Root.Execute(ct), ct, plan.Memory);
                return new QueryResult(schema, batches);
            }
            catch (IntegerOverflowException e) when (e.Expression is { } operation && overflowed.Add(operation))
            {
                // INTEGER arithmetic stays on its 64-bit path until a row overflows; then the statement
                // runs again with that operation's result class decided per row, as SQLite does.
            }
        }
    }

    /// <summary>The plan of a query as indented text, one operator per line (the root first).</summary>
    public static string Explain(string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog) =>
        Explain(sql, parameters, catalog, NoViews);

    /// <inheritdoc cref="Explain(string, IReadOnlyList{object?}, ICatalogSnapshot)"/>
    public static string Explain(string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, IReadOnlyDictionary<string, ViewDefinition> views) =>
        Explain(sql, parameters, catalog, views, ExecutionOptions.Default);

    /// <inheritdoc cref="Explain(string, IReadOnlyList{object?}, ICatalogSnapshot)"/>
    public static string Explain(string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, ExecutionOptions options) =>
        Explain(sql, parameters, catalog, NoViews, options);

    /// <inheritdoc cref="Explain(string, IReadOnlyList{object?}, ICatalogSnapshot)"/>
    public static string Explain(
        string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, IReadOnlyDictionary<string, ViewDefinition> views, ExecutionOptions options) =>
        PrepareAfterOverflows(ParseQuery(StripExplain(sql).Sql), parameters, catalog, views, options).Root.Explain();

    /// <summary>Prepares a plan, again with the overflowing operations typed per row while preparing (computing a CTE or subquery in FROM) overflows.</summary>
    private static PhysicalPlan PrepareAfterOverflows(
        ParsedQuery parsed, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, IReadOnlyDictionary<string, ViewDefinition> views, ExecutionOptions options)
    {
        var overflowed = new HashSet<string>();
        while (true)
        {
            try
            {
                return Prepare(parsed, parameters, catalog, views, options, overflowed, default);
            }
            catch (IntegerOverflowException e) when (e.Expression is { } operation && overflowed.Add(operation))
            {
                // As in Execute.
            }
        }
    }

    private static readonly IReadOnlyDictionary<string, ViewDefinition> NoViews = new Dictionary<string, ViewDefinition>();

    /// <summary>
    /// The parsed query, from the shared cache when the same text ran before. Only texts that pass
    /// <see cref="RejectNonQueries"/> and parse are cached, so a hit needs neither check again.
    /// </summary>
    private static ParsedQuery ParseQuery(string sql) =>
        ParsedQueryCache.Shared.GetOrParse(sql, static text =>
        {
            RejectNonQueries(text);
            return SqlParser.Parse(text);
        });

    /// <summary>
    /// Binds and plans. Subqueries in FROM, CTEs and views are computed here, while binding
    /// (their rows become in-memory tables), so preparing a plan can take as long as running them.
    /// </summary>
    private static PhysicalPlan Prepare(
        ParsedQuery parsed, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, IReadOnlyDictionary<string, ViewDefinition> views, ExecutionOptions options, IReadOnlySet<string> overflowed, CancellationToken ct)
    {
        var context = new QueryContext(catalog, parameters, parsed.ParameterIndexByOffset, views, ct) { Options = options, OverflowedOperations = overflowed };
        return new QueryCompiler(context, null).Compile(parsed.Query);
    }

    private static void RejectNonQueries(string sql)
    {
        var route = QueryRouter.Classify(sql);
        var firstWord = SqlTokenizer.Instance.TokenizeLenient(sql).FirstOrDefault();
        var isKnownNonQuery = firstWord.HasValue && firstWord.Kind == SqlToken.Identifier && StatementKind.NonQuery(firstWord.ToStringValue()) is not null;
        if (!route.IsQuery && (isKnownNonQuery || route.Reason.StartsWith("write statement", StringComparison.Ordinal)))
        {
            var what = route.Reason.StartsWith("write statement", StringComparison.Ordinal) ? "a write" : "not a query";
            var keyword = route.Reason.Replace("write statement ", string.Empty, StringComparison.Ordinal);
            throw new YodaException($"QueryOlapAsync runs queries only; {keyword} is {what}: use ExecuteAsync");
        }
    }

    private static (string Sql, bool IsExplain) StripExplain(string sql)
    {
        var tokens = SqlTokenizer.Instance.TokenizeLenient(sql).Take(3).ToList();
        if (tokens.Count == 0 || !Keywords.IsKeyword(tokens[0], "EXPLAIN"))
        {
            return (sql, false);
        }

        var skip = tokens.Count == 3 && Keywords.IsKeyword(tokens[1], "QUERY") && Keywords.IsKeyword(tokens[2], "PLAN") ? 2 : 0;
        var last = tokens[skip];
        var rest = last.Span.Position.Absolute + last.Span.Length;

        // Keep the text's length so that error positions still point into the original statement.
        return (new string(' ', rest) + sql[rest..], true);
    }

    private static QueryResult PlanAsResult(string plan)
    {
        var schema = new Schema([new Field("plan", StringType.Default, nullable: false)], null);
        var builder = new StringArray.Builder();
        var lines = plan.Split('\n');
        foreach (var line in lines)
        {
            builder.Append(line);
        }

        return new QueryResult(schema, [new RecordBatch(schema, [builder.Build()], lines.Length)]);
    }
}
