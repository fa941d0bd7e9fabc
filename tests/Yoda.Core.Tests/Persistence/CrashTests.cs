using System.Diagnostics;
using Xunit.Abstractions;
using Yoda.CrashHarness;

namespace Yoda.Core.Tests.Persistence;

/// <summary>
/// Runs the engine in a child process (tests/Yoda.CrashHarness), kills it at a random moment of
/// its writes and syncs, reopens the files, catches up and checks that nothing was lost or
/// doubled. <c>YODA_CRASH_ITERATIONS</c> sets the kills per case (CI: 3),
/// <c>YODA_CRASH_SEED</c> replays a run.
/// </summary>
// ColumnarOnly: kills the engine during the columnar backend's file persists.
[Trait("Backend", "ColumnarOnly")]
public class CrashTests(ITestOutputHelper output)
{
    public static TheoryData<SyncMode, StorageMode> Cases => new()
    {
        { SyncMode.Destructive, StorageMode.ArrowIpc },
        { SyncMode.Destructive, StorageMode.Parquet },
        { SyncMode.Temporal, StorageMode.ArrowIpc },
        { SyncMode.Temporal, StorageMode.Parquet },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Killing_the_engine_at_random_moments_loses_and_doubles_nothing(SyncMode mode, StorageMode storage)
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("YODA_CRASH_ITERATIONS"), out var n) ? n : 3;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("YODA_CRASH_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay: YODA_CRASH_SEED={seed}), {iterations} kills");
        var random = new Random(seed);
        using var dir = new TempDirectory();
        var checkedRuns = 0;
        for (var i = 0; i < iterations; i++)
        {
            // The last kill waits for the harness to be ready when no earlier run got that far, so
            // the case always checks at least one reopened run, whatever the seed.
            var mayKillEarly = checkedRuns > 0 || i < iterations - 1;
            var killedAfter = await RunAndKillAsync(dir.Path, mode, storage, random, mayKillEarly);
            output.WriteLine($"kill {i + 1}: after {killedAfter}");
            try
            {
                checkedRuns += await ReopenAndCheckAsync(dir.Path, mode, storage) ? 1 : 0;
            }
            catch (Exception e)
            {
                throw new Exception($"after kill {i + 1} ({killedAfter}), seed {seed}: {e.Message}", e);
            }
        }

        Assert.True(checkedRuns >= Math.Min(iterations, 1), "no run got as far as registering its tables");
    }

    /// <summary>Starts the harness and kills it: mostly a little after it is ready, sometimes (if <paramref name="mayKillEarly"/>) while it opens.</summary>
    private static async Task<string> RunAndKillAsync(string directory, SyncMode mode, StorageMode storage, Random random, bool mayKillEarly)
    {
        var harness = Path.Combine(AppContext.BaseDirectory, "Yoda.CrashHarness.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     harness, directory, mode == SyncMode.Temporal ? "temporal" : "destructive",
                     storage == StorageMode.Parquet ? "parquet" : "arrow",
                     random.Next(1, 40).ToString(System.Globalization.CultureInfo.InvariantCulture),
                     random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string moment;
        if (random.Next(4) == 0 && mayKillEarly)
        {
            var delay = random.Next(0, 1500);
            await Task.Delay(delay);
            moment = $"{delay} ms from the start";
        }
        else
        {
            var ready = process.StandardOutput.ReadLineAsync();
            if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(60))) != ready || await ready != "ready")
            {
                process.Kill(entireProcessTree: true);
                throw new Exception($"the harness did not start: {await errors}");
            }

            var delay = random.Next(20, 700);
            await Task.Delay(delay);
            moment = $"{delay} ms of writes and syncs";
        }

        if (process.HasExited)
        {
            throw new Exception($"the harness stopped by itself (exit code {process.ExitCode}): {await errors}");
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        return moment;
    }

    /// <summary>Opens what the killed process left, syncs to the end and compares; false when the tables were not registered yet.</summary>
    private static async Task<bool> ReopenAndCheckAsync(string directory, SyncMode mode, StorageMode storage)
    {
        await using var engine = await HtapEngine.OpenAsync(CrashWorkload.Config(directory, mode, storage, 1000));
        var tables = engine.OlapTables().Select(t => t.Name).ToHashSet();
        if (!tables.Contains("t") || !tables.Contains("r"))
        {
            return false;
        }

        while ((await engine.SyncNowAsync()).EventsProcessed > 0)
        {
        }

        var current = mode == SyncMode.Temporal ? " WHERE _yoda_valid_to IS NULL" : "";
        Assert.Equal(await OltpAsync(engine, "SELECT id, v, s FROM t"), await OlapAsync(engine, "SELECT id, v, s FROM t" + current));
        Assert.Equal(await OltpAsync(engine, "SELECT v, s FROM r"), await OlapAsync(engine, "SELECT v, s FROM r" + current));
        if (mode == SyncMode.Temporal)
        {
            // Every committed change of t is one version, with its values (a tombstone's values are the last ones).
            Assert.Equal(
                await OltpAsync(engine, "SELECT id, op, v FROM writes"),
                await OlapAsync(engine, "SELECT id, _yoda_operation, CASE WHEN _yoda_operation = 'D' THEN NULL ELSE v END FROM t"));
            Assert.Equal(
                await OltpAsync(engine, "SELECT id FROM t"),
                await OlapAsync(engine, "SELECT id FROM t WHERE _yoda_valid_to IS NULL"));
        }

        return true;
    }

    private static async Task<List<string>> OltpAsync(HtapEngine engine, string sql) =>
        Sorted(await engine.QueryOltpAsync(sql));

    private static async Task<List<string>> OlapAsync(HtapEngine engine, string sql) =>
        Sorted(await engine.QueryOlapAsync(sql));

    private static List<string> Sorted(IReadOnlyList<Apache.Arrow.RecordBatch> batches) =>
        batches.SelectMany(b => OltpTests.Render(b).Split('|', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal).ToList();
}
