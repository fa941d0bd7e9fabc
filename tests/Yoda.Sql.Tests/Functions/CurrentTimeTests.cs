using System.Globalization;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>CURRENT_DATE, CURRENT_TIME and CURRENT_TIMESTAMP: the statement's start time in UTC, as SQLite gives them.</summary>
public sealed class CurrentTimeTests
{
    private const string Script = "CREATE TABLE t(id INTEGER); INSERT INTO t VALUES (1), (2), (3);";

    [Fact]
    public void Read_the_statement_time_in_sqlite_formats()
    {
        using var oracle = new ScriptOracle(Script);

        var row = oracle.Yoda("SELECT CURRENT_DATE, current_time, Current_Timestamp, CURRENT_TIMESTAMP = CURRENT_DATE || ' ' || CURRENT_TIME, typeof(CURRENT_DATE)")[0];
        var sqlite = (string)oracle.Sqlite("SELECT CURRENT_TIMESTAMP")[0][0]!;

        Assert.Matches(@"^\d{4}-\d\d-\d\d$", (string)row[0]!);
        Assert.Matches(@"^\d\d:\d\d:\d\d$", (string)row[1]!);
        var timestamp = DateTime.ParseExact((string)row[2]!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var expected = DateTime.ParseExact(sqlite, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Assert.InRange((timestamp - expected).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(1L, row[3]);
        Assert.Equal("text", row[4]);
    }

    [Fact]
    public void Is_the_same_on_every_row_and_named_as_written()
    {
        using var oracle = new ScriptOracle(Script);

        Assert.Single(oracle.Yoda("SELECT DISTINCT CURRENT_TIMESTAMP FROM t"));
        oracle.AssertSameColumnNames("SELECT CURRENT_DATE, current_time FROM t");
        oracle.AssertSame("SELECT count(*) FROM t WHERE CURRENT_DATE > '2000-01-01'");
    }
}
