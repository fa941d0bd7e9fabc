using Yoda.Cli;

namespace Yoda.Cli.Tests;

public class CliTests
{
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Demo_prints_sync_results_and_aligned_tables()
    {
        var (code, output, _) = await RunAsync("demo");
        Assert.Equal(0, code);
        Assert.Contains("SyncResult { EventsProcessed = 3, RowsInserted = 3", output);
        Assert.Contains("avg_age", output);
        Assert.Contains("30.0", output);
        Assert.Contains("region | total", output);
        Assert.Contains("(4 rows)", output);
        var lines = output.Split('\n');
        var west = Array.FindIndex(lines, l => l.StartsWith("west", StringComparison.Ordinal));
        var north = Array.FindIndex(lines, l => l.StartsWith("north", StringComparison.Ordinal));
        Assert.True(west >= 0 && north > west, "regions ordered by total, descending");
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("query")]
    [InlineData("query", "--db")]
    [InlineData("exec", "--db", "x.db")]
    [InlineData("query", "--db", "x.db", "SELECT 1", "extra")]
    public async Task Bad_arguments_print_usage_and_exit_2(params string[] args)
    {
        var (code, _, error) = await RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains("usage:", error);
    }

    [Fact]
    public async Task Database_commands_work_on_a_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"yoda-cli-{Guid.NewGuid():N}.db");
        try
        {
            Assert.Equal(0, (await RunAsync("exec", "--db", path, "CREATE TABLE t(id INTEGER PRIMARY KEY, v REAL)")).Code);
            Assert.Equal(0, (await RunAsync("exec", "--db", path, "INSERT INTO t VALUES (1, 2.5), (2, 4.0)")).Code);
            Assert.Equal(0, (await RunAsync("register", "--db", path, "--table", "t", "--columns", "id:int64,v:float64", "--pk", "id", "--initial-sync")).Code);
            Assert.Equal(0, (await RunAsync("exec", "--db", path, "INSERT INTO t VALUES (3, 1.0)")).Code);
            var status = await RunAsync("status", "--db", path);
            Assert.Contains("registered tables: t", status.Output);
            var sync = await RunAsync("sync", "--db", path);
            Assert.Equal(0, sync.Code);
            var query = await RunAsync("query", "--db", path, "SELECT SUM(v) AS s, COUNT(*) AS n FROM t");
            Assert.Equal(0, query.Code);
            Assert.Contains("7.5 | 3", query.Output);
            Assert.Contains("(1 row)", query.Output);
            var refused = await RunAsync("query", "--db", path, "DELETE FROM t");
            Assert.Equal(1, refused.Code);
            Assert.Contains("DELETE", refused.Error);
            var missing = await RunAsync("query", "--db", path + ".nope", "SELECT 1");
            Assert.Equal(2, missing.Code);
            Assert.Contains("not found", missing.Error);
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }
}
