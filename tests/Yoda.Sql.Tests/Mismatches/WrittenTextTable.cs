using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Sqlite;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Storage;
using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// A table <c>t(id INTEGER, k TEXT, v INTEGER)</c> written through <see cref="ColumnarTable.BeginWrite"/>
/// (sealed segments and an append tail, a snapshot per write) and the same rows in SQLite, so that a
/// test can compare answers after every write: each row appended or deleted goes to both.
/// </summary>
internal sealed class WrittenTextTable : IDisposable
{
    private static readonly Schema Schema = new(
        [new Field("id", Int64Type.Default, false), new Field("k", StringType.Default, true), new Field("v", Int64Type.Default, true)],
        null);

    private readonly SqliteConnection _sqlite = new("Data Source=:memory:");
    private TableWriter? _writer;

    public WrittenTextTable(int segmentCapacity)
    {
        Table = new ColumnarTable("t", Schema, segmentCapacity);
        _sqlite.Open();
        Run("CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v INTEGER)", []);
    }

    public ColumnarTable Table { get; }

    /// <summary>The rows appended so far (the next row's id).</summary>
    public long Count { get; private set; }

    public void Dispose() => _sqlite.Dispose();

    /// <summary>One write: the rows <paramref name="rows"/> appends and deletes, committed as one snapshot.</summary>
    public void Write(Action rows)
    {
        using var writer = Table.BeginWrite();
        _writer = writer;
        rows();
        writer.Commit();
        _writer = null;
    }

    /// <summary>Appends a row with the next id (inside <see cref="Write"/>).</summary>
    public void Append(string? k, long? v)
    {
        _writer!.Append([Count, k, v]);
        Run("INSERT INTO t VALUES ($id, $k, $v)", [Count, k, v]);
        Count++;
    }

    /// <summary>Deletes the row of this id (inside <see cref="Write"/>).</summary>
    public void Delete(long id)
    {
        _writer!.Delete(id);
        Run($"DELETE FROM t WHERE id = {id}", []);
    }

    /// <summary>Whether the row of this id is still there.</summary>
    public bool IsLive(long id) => Convert.ToInt64(ResultRows.FromSqlite(_sqlite, $"SELECT count(*) FROM t WHERE id = {id}", []).Rows[0][0]) == 1;

    /// <summary>Yoda over the table's current snapshot gives SQLite's rows, in order, at 1, 2 and 8 threads; a failure names <paramref name="context"/>.</summary>
    public void AssertSameAtEveryDegree(string sql, string context)
    {
        var catalog = new CatalogSnapshot([Table.Current]);
        var expected = ResultRows.FromSqlite(_sqlite, sql, []).Rows.Select(ResultRows.Render).ToList();
        foreach (var parallelism in new[] { 1, 2, 8 })
        {
            var actual = ResultRows.FromArrow(SqlEngine.Execute(sql, [], catalog, new ExecutionOptions { Parallelism = parallelism }, default)).Select(ResultRows.Render).ToList();
            Assert.True(expected.SequenceEqual(actual), $"{context}, {parallelism} threads: {sql}");
        }
    }

    private void Run(string sql, object?[] values)
    {
        using var command = _sqlite.CreateCommand();
        command.CommandText = sql;
        string[] names = ["$id", "$k", "$v"];
        for (var p = 0; p < values.Length; p++)
        {
            command.Parameters.AddWithValue(names[p], values[p] ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
