using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Storage;
using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Engine;

/// <summary><c>FOR SYSTEM_TIME AS OF</c> on a hand-built temporal table (two segments, one deleted row).</summary>
public sealed class SystemTimeTests
{
    private static readonly Schema HistorySchema = new(
        [
            new Field("id", Int64Type.Default, false),
            new Field("name", StringType.Default, true),
            new Field("_yoda_valid_from", Int64Type.Default, false),
            new Field("_yoda_valid_to", Int64Type.Default, true),
            new Field("_yoda_operation", StringType.Default, false),
        ],
        null);

    /// <summary>
    /// 1: 'a' [100, 200), 'a2' [200, ∞). 2: 'b' [100, 300), deleted at 300. 3: 'c' [250, ∞).
    /// 4: 'd' [50, 150), deleted at 150, 'd2' [400, ∞). A stale row deleted by the deletion vector.
    /// </summary>
    private static readonly CatalogSnapshot Catalog = new(
        [
            new TableSnapshot("h", HistorySchema,
            [
                Segment(
                    [(1, "a", 100, 200, "I"), (2, "b", 100, 300, "I"), (4, "d", 50, 150, "I"), (4, "d", 150, 150, "D"), (9, "stale", 0, null, "I")],
                    deleted: 4),
                Segment([(1, "a2", 200, null, "U"), (3, "c", 250, null, "I"), (2, "b", 300, 300, "D"), (4, "d2", 400, null, "I")], deleted: null),
            ]),
            new TableSnapshot("plain", new Schema([new Field("id", Int64Type.Default, false)], null), []),
        ]);

    [Theory]
    [InlineData("49", "")]
    [InlineData("99", "4 d")]
    [InlineData("100", "1 a, 2 b, 4 d")]
    [InlineData("150", "1 a, 2 b")]
    [InlineData("200", "1 a2, 2 b")]
    [InlineData("299", "1 a2, 2 b, 3 c")]
    [InlineData("300", "1 a2, 3 c")]
    [InlineData("1000", "1 a2, 3 c, 4 d2")]
    [InlineData("CURRENT", "1 a2, 3 c, 4 d2")]
    [InlineData("'1970-01-01T00:00:00.000150Z'", "1 a, 2 b")]
    [InlineData("'1970-01-01 00:00:00.0002'", "1 a2, 2 b")]
    [InlineData("100 + 100", "1 a2, 2 b")]
    public void Returns_the_versions_valid_at_the_time(string asOf, string expected)
    {
        Assert.Equal(expected, Rows($"SELECT id, name FROM h FOR SYSTEM_TIME AS OF {asOf} ORDER BY id"));
    }

    [Theory]
    [InlineData("SELECT x.id, x.name FROM h FOR SYSTEM_TIME AS OF 150 AS x WHERE x.id > 1 ORDER BY x.id", "2 b")]
    [InlineData("SELECT x.id, x.name FROM h AS x FOR SYSTEM_TIME AS OF 150 WHERE x.id > 1 ORDER BY 1", "2 b")]
    [InlineData("SELECT id, name FROM h FOR SYSTEM_TIME AS OF 200 WHERE name LIKE 'a%' OR id = 2 ORDER BY id DESC", "2 b, 1 a2")]
    [InlineData("SELECT count(*), max(name) FROM h FOR SYSTEM_TIME AS OF CURRENT", "3 d2")]
    [InlineData("SELECT id, name FROM h WHERE _yoda_valid_to IS NULL AND _yoda_operation <> 'D' ORDER BY id", "1 a2, 3 c, 4 d2")]
    public void Combines_with_aliases_filters_and_aggregates(string sql, string expected) => Assert.Equal(expected, Rows(sql));

    [Fact]
    public void Takes_the_time_from_a_parameter()
    {
        var result = SqlEngine.Execute("SELECT id, name FROM h FOR SYSTEM_TIME AS OF ? ORDER BY id", [299L], Catalog, default);
        Assert.Equal("1 a2, 2 b, 3 c", Render(result));
    }

    [Fact]
    public void Refuses_a_table_without_history_columns()
    {
        var error = Assert.Throws<YodaException>(() => Rows("SELECT id FROM plain FOR SYSTEM_TIME AS OF 1"));
        Assert.Contains("needs a temporal table", error.Message);
    }

    [Theory]
    [InlineData("SELECT id FROM h FOR SYSTEM_TIME AS OF id")]
    [InlineData("SELECT id FROM h FOR SYSTEM_TIME AS OF 'yesterday'")]
    [InlineData("SELECT id FROM h FOR SYSTEM_TIME AS OF NULL")]
    public void Refuses_a_time_that_is_not_a_constant_timestamp(string sql)
    {
        var error = Assert.Throws<YodaException>(() => Rows(sql));
        Assert.Contains("constant timestamp", error.Message);
    }

    private static string Rows(string sql) => Render(SqlEngine.Execute(sql, [], Catalog, default));

    private static string Render(QueryResult result) =>
        string.Join(", ", ResultRows.FromArrow(result).Select(r => string.Join(" ", r.Select(v => v?.ToString() ?? "NULL"))));

    private static Segment Segment((long Id, string Name, long From, long? To, string Operation)[] rows, int? deleted)
    {
        var id = new Int64Array.Builder();
        var name = new StringArray.Builder();
        var from = new Int64Array.Builder();
        var to = new Int64Array.Builder();
        var operation = new StringArray.Builder();
        foreach (var row in rows)
        {
            id.Append(row.Id);
            name.Append(row.Name);
            from.Append(row.From);
            if (row.To is { } t)
            {
                to.Append(t);
            }
            else
            {
                to.AppendNull();
            }

            operation.Append(row.Operation);
        }

        var batch = new RecordBatch(HistorySchema, [id.Build(), name.Build(), from.Build(), to.Build(), operation.Build()], rows.Length);
        return new Segment(batch, deleted is { } d ? DeletionVector.Empty(rows.Length).WithDeleted([d], rows.Length) : null);
    }
}
