using Yoda.Testing.Comparison;

namespace Yoda.Testing.SqlLogic;

/// <summary>
/// Runs a sqllogictest script through Yoda's public API: statements through
/// <see cref="HtapEngine.ExecuteAsync(string, IReadOnlyList{object?}?, CancellationToken)"/>, every
/// table registered right after its CREATE TABLE (declared types INT…, CHAR/CLOB/TEXT…,
/// REAL/FLOA/DOUB… as int64, utf8, float64; its primary key kept), a sync until nothing is left
/// before each query that follows writes, and queries through
/// <see cref="HtapEngine.QueryOlapAsync(string, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// A query Yoda cannot run (a "not supported yet" <see cref="YodaException"/>, a syntax it does not
/// parse, or a table it could not register) counts as not supported, never as passed. A query both
/// engines reject passes. Anything else that differs from the script is a failure.
/// </remarks>
public sealed class SqlLogicRunner
{
    private readonly HashSet<string> _registered = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _unregistrable = new(StringComparer.OrdinalIgnoreCase);

    public int Passed { get; private set; }

    public int NotSupported { get; private set; }

    public List<string> Failures { get; } = [];

    public Dictionary<string, int> NotSupportedReasons { get; } = [];

    /// <summary>Runs the script at <paramref name="path"/> on a fresh in-memory engine (<paramref name="configure"/> may change its configuration).</summary>
    public static async Task<SqlLogicRunner> RunAsync(string path, Func<HtapConfig, HtapConfig>? configure = null, CancellationToken ct = default)
    {
        var config = new HtapConfig { OltpPath = ":memory:", SyncBatchSize = 100_000 };
        config = configure?.Invoke(config) ?? config;
        await using var engine = await HtapEngine.OpenAsync(config, ct).ConfigureAwait(false);
        var runner = new SqlLogicRunner();
        await runner.RunAsync(engine, SqlLogicScript.Read(path), Path.GetFileName(path), ct).ConfigureAwait(false);
        return runner;
    }

    /// <summary>Runs <paramref name="records"/> on <paramref name="engine"/>; <paramref name="source"/> names them in failures.</summary>
    public async Task RunAsync(HtapEngine engine, IEnumerable<SqlLogicRecord> records, string source, CancellationToken ct = default)
    {
        var unsynced = false;
        foreach (var record in records)
        {
            var where = $"{source}:{record.Line}";
            if (!record.IsQuery)
            {
                await StatementAsync(engine, record, where, ct).ConfigureAwait(false);
                unsynced = true;
                continue;
            }

            if (unsynced)
            {
                await DifferentialOracle.SyncAllAsync(engine, ct).ConfigureAwait(false);
                unsynced = false;
            }

            await QueryAsync(engine, record, where, ct).ConfigureAwait(false);
        }
    }

    private async Task StatementAsync(HtapEngine engine, SqlLogicRecord record, string where, CancellationToken ct)
    {
        string? error = null;
        try
        {
            await engine.ExecuteAsync(record.Sql, ct: ct).ConfigureAwait(false);
        }
        catch (YodaException e)
        {
            error = e.Message;
        }

        if (error is null && record.ExpectsError)
        {
            Failures.Add($"{where}: {record.Sql} -> succeeded, the script expects an error");
        }
        else if (error is not null && !record.ExpectsError)
        {
            Failures.Add($"{where}: {record.Sql} -> {error}");
        }

        if (record.Sql.TrimStart().StartsWith("CREATE", StringComparison.OrdinalIgnoreCase)
            || record.Sql.TrimStart().StartsWith("DROP", StringComparison.OrdinalIgnoreCase))
        {
            await RegisterNewTablesAsync(engine, ct).ConfigureAwait(false);
        }
    }

    private async Task RegisterNewTablesAsync(HtapEngine engine, CancellationToken ct)
    {
        var tables = ResultSet.FromArrow(await engine.QueryOltpAsync(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_yoda%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'", ct: ct).ConfigureAwait(false));
        var present = tables.Rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _registered.IntersectWith(present);   // dropped tables were unregistered by the engine
        _unregistrable.IntersectWith(present);
        foreach (var name in present.Where(n => !_registered.Contains(n) && !_unregistrable.Contains(n)))
        {
            var schema = await SchemaOfAsync(engine, name, ct).ConfigureAwait(false);
            if (schema is null)
            {
                _unregistrable.Add(name);
                continue;
            }

            await engine.RegisterTableAsync(schema, ct).ConfigureAwait(false);
            _registered.Add(name);
        }
    }

    private static async Task<TableSchema?> SchemaOfAsync(HtapEngine engine, string table, CancellationToken ct)
    {
        var info = ResultSet.FromArrow(await engine.QueryOltpAsync(
            $"SELECT name, type, pk FROM pragma_table_info('{table.Replace("'", "''", StringComparison.Ordinal)}') ORDER BY cid", ct: ct).ConfigureAwait(false));
        var columns = new List<(string, string)>();
        foreach (var row in info.Rows)
        {
            var type = TypeOf((string?)row[1] ?? "");
            if (type is null)
            {
                return null;
            }

            columns.Add(((string)row[0]!, type));
        }

        var key = info.Rows.Where(r => r[2] is long pk && pk > 0).OrderBy(r => (long)r[2]!).Select(r => (string)r[0]!).ToList();
        return new TableSchema(table, columns, key);
    }

    // SQLite's affinity rules, narrowed to the declared types a registered column can hold.
    private static string? TypeOf(string declared)
    {
        var type = declared.ToUpperInvariant();
        return type.Contains("INT", StringComparison.Ordinal) ? "int64"
            : type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal) ? "utf8"
            : type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal) ? "float64"
            : null;
    }

    private async Task QueryAsync(HtapEngine engine, SqlLogicRecord record, string where, CancellationToken ct)
    {
        ResultSet result;
        try
        {
            result = ResultSet.FromArrow(await engine.QueryOlapAsync(record.Sql, ct).ConfigureAwait(false));
        }
        catch (YodaException e)
        {
            var reason = e is SqlParseException ? "syntax: " + e.Message.Split(',')[0] : e.Message;
            if (e is SqlParseException || DifferentialOracle.IsNotSupported(e)
                || (reason.StartsWith("no such table: ", StringComparison.Ordinal) && _unregistrable.Contains(reason["no such table: ".Length..])))
            {
                NotSupported++;
                NotSupportedReasons[reason] = NotSupportedReasons.GetValueOrDefault(reason) + 1;
            }
            else if (await SqliteRejectsAsync(engine, record.Sql, ct).ConfigureAwait(false))
            {
                Passed++;   // both engines reject it (e.g. "integer overflow"): the script expects no rows
            }
            else
            {
                Failures.Add($"{where}: {record.Sql} -> {e.Message}");
            }

            return;
        }

        var actual = SqlLogicOutput.Render(record, result.Rows);
        if (actual.SequenceEqual(record.Expected))
        {
            Passed++;
        }
        else
        {
            Failures.Add($"{where}: {record.Sql}\n  expected {string.Join(' ', record.Expected.Take(12))}\n  actual   {string.Join(' ', actual.Take(12))}");
        }
    }

    private static async Task<bool> SqliteRejectsAsync(HtapEngine engine, string sql, CancellationToken ct)
    {
        try
        {
            await engine.QueryOltpAsync(sql, ct: ct).ConfigureAwait(false);
            return false;
        }
        catch (YodaException)
        {
            return true;
        }
    }
}
