using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Types;
using Yoda.Oltp;
using Yoda.Sql;
using Yoda.Sql.Routing;

namespace Yoda;

public sealed partial class HtapEngine
{
    private static readonly IReadOnlyList<object?> NoParameters = [];

    /// <summary>Runs a query where the router sends it: analytical queries to OLAP, simple ones to SQLite.</summary>
    public Task<IReadOnlyList<RecordBatch>> QueryAsync(string sql, CancellationToken ct = default) =>
        QueryAsync(sql, NoParameters, ct);

    /// <inheritdoc cref="QueryAsync(string, CancellationToken)"/>
    public async Task<IReadOnlyList<RecordBatch>> QueryAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(sql);
        var values = ParameterValues.Normalize(parameters);
        var decision = QueryRouter.Classify(sql);
        if (decision.Route == Sql.Routing.Route.Olap)
        {
            return await RunOlapAsync(sql, values, decision.IsExplain, ct).ConfigureAwait(false);
        }

        return decision.IsExplain
            ? await ExplainOltpAsync(sql, values, ct).ConfigureAwait(false)
            : await RunOltpAsync(sql, values, decision.IsQuery, ct).ConfigureAwait(false);
    }

    /// <summary>Where <see cref="QueryAsync(string, CancellationToken)"/> would send <paramref name="sql"/>, and why. Never throws for bad SQL.</summary>
    public static RouteInfo Route(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var decision = QueryRouter.Classify(sql);
        return new RouteInfo(decision.Route == Sql.Routing.Route.Olap ? QueryTarget.Olap : QueryTarget.Oltp,
            decision.IsQuery, decision.IsExplain, decision.Reason);
    }

    /// <summary>Runs a query on the OLAP engine, whatever the router would say. Writes are refused.</summary>
    public Task<IReadOnlyList<RecordBatch>> QueryOlapAsync(string sql, CancellationToken ct = default) =>
        QueryOlapAsync(sql, NoParameters, ct);

    /// <inheritdoc cref="QueryOlapAsync(string, CancellationToken)"/>
    public async Task<IReadOnlyList<RecordBatch>> QueryOlapAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(sql);
        var values = ParameterValues.Normalize(parameters);
        return await RunOlapAsync(sql, values, QueryRouter.Classify(sql).IsExplain, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a statement on SQLite, whatever the router would say: queries on the read pool, anything
    /// else through the single writer. Useful for SQLite's own tables and unregistered ones.
    /// </summary>
    public async Task<IReadOnlyList<RecordBatch>> QueryOltpAsync(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(sql);
        var values = ParameterValues.Normalize(parameters);
        return await RunOltpAsync(sql, values, QueryRouter.Classify(sql).IsQuery, ct).ConfigureAwait(false);
    }

    private ExecutionOptions OlapOptions => new(_config.OlapOptimizations, _config.QueryMemoryLimitBytes)
    {
        Parallelism = _config.OlapParallelism,
        SqliteVersion = SQLitePCL.raw.sqlite3_libversion().utf8_to_string(),
    };

    private Task<IReadOnlyList<RecordBatch>> RunOlapAsync(string sql, object?[] values, bool explain, CancellationToken ct)
    {
        // The catalog is read once: the whole query runs on one consistent snapshot.
        var catalog = _catalog;
        var views = _views;
        if (_duck is { } duck)
        {
            var replicas = _replicas;
            return Task.Run(() => duck.Query(sql, values, explain ? StripExplain(sql) : null, replicas, views.ContainsKey, ct), ct);
        }

        return Task.Run<IReadOnlyList<RecordBatch>>(() =>
        {
            if (explain)
            {
                return [ExplainBatch("OLAP", SqlEngine.Explain(StripExplain(sql), values, catalog, views, OlapOptions))];
            }

            var result = SqlEngine.Execute(sql, values, catalog, views, OlapOptions, ct);
            return result.Batches.Count > 0 ? result.Batches : [EmptyBatch(result.Schema)];
        }, ct);
    }

    private async Task<IReadOnlyList<RecordBatch>> RunOltpAsync(string sql, object?[] values, bool isQuery, CancellationToken ct)
    {
        List<RecordBatch> Run(Microsoft.Data.Sqlite.SqliteConnection connection)
        {
            using var command = connection.CreateCommand();
            PlaceholderBinder.Bind(command, sql, values);
            using var reader = command.ExecuteReader();
            return ArrowResultReader.Read(reader, RegisteredColumnType, ct);
        }

        if (isQuery)
        {
            return await _oltp.ReadAsync(Run, ct).ConfigureAwait(false);
        }

        // Anything that is not a plain query may write: it goes through the single writer.
        try
        {
            return await _oltp.WriteAsync(Run, ct).ConfigureAwait(false);
        }
        finally
        {
            await ForgetDroppedTablesAsync().ConfigureAwait(false);
            await RefreshViewsAfterAsync([sql]).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<RecordBatch>> ExplainOltpAsync(string sql, object?[] values, CancellationToken ct)
    {
        var plan = await _oltp.ReadAsync(connection =>
        {
            using var command = connection.CreateCommand();
            PlaceholderBinder.Bind(command, "EXPLAIN QUERY PLAN " + StripExplain(sql), values);
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetString(reader.GetOrdinal("detail")));
            }

            return string.Join('\n', lines);
        }, ct).ConfigureAwait(false);
        return [ExplainBatch("OLTP", plan)];
    }

    private IArrowType? RegisteredColumnType(string table, string column)
    {
        if (!_replicas.TryGetValue(table, out var replica))
        {
            return null;
        }

        var index = replica.Registration.IndexOf(column);
        return index < 0 ? null : replica.Registration.Columns[index].Type;
    }

    /// <summary>The statement after a leading <c>EXPLAIN</c> or <c>EXPLAIN QUERY PLAN</c>.</summary>
    private static string StripExplain(string sql)
    {
        var text = sql.TrimStart();
        text = text[(text.IndexOf("explain", StringComparison.OrdinalIgnoreCase) + "explain".Length)..].TrimStart();
        if (text.StartsWith("query", StringComparison.OrdinalIgnoreCase))
        {
            text = text["query".Length..].TrimStart();
            if (text.StartsWith("plan", StringComparison.OrdinalIgnoreCase))
            {
                text = text["plan".Length..];
            }
        }

        return text;
    }

    private static RecordBatch ExplainBatch(string route, string plan)
    {
        var schema = new Schema([new Field("route", StringType.Default, false), new Field("plan", StringType.Default, false)], null);
        return new RecordBatch(schema,
            [new StringArray.Builder().Append(route).Build(), new StringArray.Builder().Append(plan).Build()], 1);
    }

    private static RecordBatch EmptyBatch(Schema schema) => new(schema,
        schema.FieldsList.Select(f => Columnar.Storage.ColumnBuilder.Create(f.Name, f.DataType).Build()), 0);
}
