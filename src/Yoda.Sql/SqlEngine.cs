using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
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
        Execute(sql, parameters, catalog, ExecutionOptions.Default, ct);

    /// <summary>Runs one query with the given planning and memory options.</summary>
    public static QueryResult Execute(string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, ExecutionOptions options, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var (text, isExplain) = StripExplain(sql);
        var plan = Prepare(text, parameters, catalog, options);
        if (isExplain)
        {
            return PlanAsResult(plan.Root.Explain());
        }

        var kinds = plan.Root.OutputKinds;
        var batches = RecordBatchWriter.Write(plan.Schema, kinds, plan.Root.Execute(ct), ct, plan.Memory);
        return new QueryResult(plan.Schema, batches);
    }

    /// <summary>The plan of a query as indented text, one operator per line (the root first).</summary>
    public static string Explain(string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog) =>
        Explain(sql, parameters, catalog, ExecutionOptions.Default);

    public static string Explain(string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, ExecutionOptions options) =>
        Prepare(StripExplain(sql).Sql, parameters, catalog, options).Root.Explain();

    private static PhysicalPlan Prepare(string sql, IReadOnlyList<object?> parameters, ICatalogSnapshot catalog, ExecutionOptions options)
    {
        RejectNonQueries(sql);
        var parsed = SqlParser.Parse(sql);
        var bound = new Binder(catalog, parameters, parsed.ParameterIndexByOffset).Bind(parsed.Statement);
        return QueryPlanner.Plan(bound, options);
    }

    private static void RejectNonQueries(string sql)
    {
        var route = QueryRouter.Classify(sql);
        var firstWord = SqlTokenizer.Instance.TokenizeLenient(sql).FirstOrDefault();
        var isKnownNonQuery = firstWord.Kind == SqlToken.Identifier && StatementKind.NonQuery(firstWord.ToStringValue()) is not null;
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
