using Microsoft.Data.Sqlite;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Storage;
using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Mismatches;

/// <summary>Tables made by a SQL script in SQLite, copied into a catalog snapshot in rowid order; compares answers or errors.</summary>
internal sealed class ScriptOracle : IDisposable
{
    private readonly SqliteConnection _sqlite = new("Data Source=:memory:");
    private readonly CatalogSnapshot _catalog;

    /// <param name="script">Makes the tables in SQLite.</param>
    /// <param name="layout">Rearranges each loaded table (into segments, with deletion vectors), if given.</param>
    /// <param name="afterLoad">Runs in SQLite alone once the tables are loaded (deleting the rows <paramref name="layout"/> marked deleted), if given.</param>
    public ScriptOracle(string script, Func<TableSnapshot, TableSnapshot>? layout = null, string? afterLoad = null)
    {
        _sqlite.Open();
        Run(script);
        var loaded = SqliteCatalogLoader.Load(_sqlite).Catalog;
        _catalog = layout is null ? loaded
            : new CatalogSnapshot(loaded.TableNames.Select(name => loaded.TryGetTable(name, out var table) ? layout(table) : throw new InvalidOperationException(name)).ToList());
        if (afterLoad is not null)
        {
            Run(afterLoad);
        }
    }

    /// <summary>
    /// The script's tables, table <c>t</c> cut into segments of <paramref name="rowsPerSegment"/> rows with the rows
    /// whose <c>id</c> is in <paramref name="deleted"/> marked deleted in Yoda and deleted in SQLite.
    /// </summary>
    public static ScriptOracle WithDeletedIds(string script, int rowsPerSegment, IReadOnlySet<int> deleted) =>
        new(
            script,
            table => TableLayouts.Every(table, rowsPerSegment, deleted),
            deleted.Count == 0 ? null : $"DELETE FROM t WHERE id IN ({string.Join(", ", deleted)});");

    public void Dispose() => _sqlite.Dispose();

    private void Run(string script)
    {
        using var command = _sqlite.CreateCommand();
        command.CommandText = script;
        command.ExecuteNonQuery();
    }

    /// <summary>The thread counts the parallel properties compare: serial, two threads, and more threads than cores.</summary>
    private static readonly int[] Degrees = [1, 2, 8];

    /// <summary><see cref="AssertSame"/> with Yoda at each of <see cref="Degrees"/> threads.</summary>
    public void AssertSameAtEveryDegree(string sql)
    {
        foreach (var parallelism in Degrees)
        {
            AssertSame(sql, new ExecutionOptions { Parallelism = parallelism });
        }
    }

    /// <summary>
    /// Both give the same rows (in order), or both fail and Yoda's message is SQLite's; Yoda runs with
    /// <paramref name="options"/> (default: the defaults). A failure names the query and the thread count.
    /// </summary>
    public void AssertSame(string sql, ExecutionOptions? options = null)
    {
        options ??= ExecutionOptions.Default;
        var failure = Record.Exception(() => Compare(sql, sql, options));
        Assert.True(failure is null, $"{sql} (at {options.Parallelism} threads): {failure?.Message}");
    }

    /// <summary>
    /// A grouped query of one table without ORDER BY gives its groups in first-seen order (the order of each
    /// group's first row in storage order, which is rowid order here) at each of <see cref="Degrees"/> threads:
    /// SQLite's answer to the query ordered by each group's least rowid, row for row.
    /// </summary>
    public void AssertFirstSeenOrderAtEveryDegree(string groupedSql)
    {
        foreach (var parallelism in Degrees)
        {
            var failure = Record.Exception(() => Compare(groupedSql, $"{groupedSql} ORDER BY min(rowid)", new ExecutionOptions { Parallelism = parallelism }));
            Assert.True(failure is null, $"{groupedSql} in first-seen order (at {parallelism} threads): {failure?.Message}");
        }
    }

    private void Compare(string sql, string sqliteSql, ExecutionOptions options)
    {
        List<object?[]> expected;
        try
        {
            expected = ResultRows.FromSqlite(_sqlite, sqliteSql, []).Rows;
        }
        catch (SqliteException e)
        {
            var error = Record.Exception(() => SqlEngine.Execute(sql, [], _catalog, options, default));
            Assert.True(error is YodaException && e.Message.Contains(error.Message, StringComparison.Ordinal), $"SQLite: {e.Message}; Yoda: {error?.Message ?? "an answer"}");
            return;
        }

        var actual = ResultRows.FromArrow(SqlEngine.Execute(sql, [], _catalog, options, default));
        Assert.True(expected.Count == actual.Count, $"SQLite gave {expected.Count} rows, Yoda {actual.Count}");
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.True(
                expected[r].Length == actual[r].Length && expected[r].Zip(actual[r]).All(p => Exact(p.First, p.Second)),
                $"row {r}: SQLite [{ResultRows.Render(expected[r])}] vs Yoda [{ResultRows.Render(actual[r])}]");
        }
    }

    /// <summary>
    /// Without ORDER BY, Yoda gives its rows in the same order at every thread count (the first-seen
    /// order of groups), and the same rows as SQLite in some order.
    /// </summary>
    public void AssertSameOrderAtEveryDegree(string sql)
    {
        var serial = YodaRows(sql, new ExecutionOptions { Parallelism = Degrees[0] });
        foreach (var parallelism in Degrees[1..])
        {
            Assert.Equal(serial, YodaRows(sql, new ExecutionOptions { Parallelism = parallelism }));
        }

        Assert.Equal(serial.Order(StringComparer.Ordinal), Sqlite(sql).Select(ResultRows.Render).Order(StringComparer.Ordinal));
    }

    /// <summary>Yoda's rows, in its order, rendered.</summary>
    public List<string> YodaRows(string sql, ExecutionOptions options) =>
        ResultRows.FromArrow(SqlEngine.Execute(sql, [], _catalog, options, default)).Select(ResultRows.Render).ToList();

    /// <summary>Both name the result columns alike (when SQLite runs the query).</summary>
    public void AssertSameColumnNames(string sql)
    {
        List<string> expected;
        try
        {
            expected = ResultRows.FromSqlite(_sqlite, sql, []).Names;
        }
        catch (SqliteException)
        {
            return;
        }

        Assert.Equal(expected, SqlEngine.Execute(sql, [], _catalog, default).Schema.FieldsList.Select(f => f.Name).ToList());
    }

    /// <summary>Reals must be equal to the bit (SQLite's answer, not a close one).</summary>
    private static bool Exact(object? a, object? b) => a is double x && b is double y ? x.Equals(y) : ResultRows.Same(a, b);

    public List<object?[]> Sqlite(string sql) => ResultRows.FromSqlite(_sqlite, sql, []).Rows;

    public string Explain(string sql) => SqlEngine.Explain(sql, [], _catalog);

    public List<object?[]> Yoda(string sql) => ResultRows.FromArrow(SqlEngine.Execute(sql, [], _catalog, default));
}
