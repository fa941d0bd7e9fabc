using System.Diagnostics;
using Yoda.Bench.Cli;
using Yoda.Bench.Engines;
using Yoda.Bench.Workloads;

namespace Yoda.Bench.Runner;

/// <summary>
/// '-- compare': generates the data, loads it into every engine, runs each query once per engine
/// (warm-up, whose result is checked against the reference engine, SQLite when selected), and
/// times only the queries on which every answering engine agrees. Exit code 1 on any failure.
/// </summary>
public static class CompareRunner
{
    public static async Task<int> RunAsync(CompareOptions options, IReadOnlyList<string> rawArgs, CancellationToken ct)
    {
        var selfCheck = ComparerSelfCheck.Problems();
        if (selfCheck.Count > 0)
        {
            selfCheck.ToList().ForEach(Console.Error.WriteLine);
            return 1;
        }

        string? affinity = MachineInfo.PinThreads(options.Threads);
        int threads = options.Threads ?? Environment.ProcessorCount;
        var queries = options.SelectedQueries();
        if (queries.Count == 0)
        {
            Console.Error.WriteLine("no query matches --queries");
            return 2;
        }

        var workloads = WorkloadCatalog.Build(options.Scale, options.H2oRows, options.HitsRows, queries, Console.Out);
        var tables = workloads.SelectMany(w => w.Tables).ToList();
        long totalRows = tables.Sum(t => (long)t.RowCount);
        var engines = new Dictionary<string, IBenchEngine>();
        var loads = new List<LoadOutcome>();
        try
        {
            foreach (var name in EngineOrder(options.Engines))
            {
                var engine = EngineFactory.Create(name, threads);
                if (engine is null)
                {
                    loads.Add(new LoadOutcome(name, totalRows, 0, "not available in this build (HtapEngine missing)", false));
                    continue;
                }

                var watch = Stopwatch.StartNew();
                try
                {
                    await engine.LoadAsync(tables, ct);
                    loads.Add(new LoadOutcome(name, totalRows, watch.Elapsed.TotalSeconds, null, false));
                    engines[name] = engine;
                    Console.WriteLine($"loaded {name}: {totalRows:N0} rows in {watch.Elapsed.TotalSeconds:F1} s");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A public member that is not implemented yet makes the engine unavailable, not wrong.
                    bool notImplemented = e is NotImplementedException || e.InnerException is NotImplementedException;
                    loads.Add(new LoadOutcome(name, totalRows, watch.Elapsed.TotalSeconds, $"{e.GetType().Name}: {FirstLine(e.Message)}", !notImplemented));
                    Console.WriteLine($"load of {name} failed: {e.Message}");
                    await engine.DisposeAsync();
                }
            }

            var outcomes = new List<QueryOutcome>();
            foreach (var query in queries)
            {
                var outcome = await RunQueryAsync(query, options, engines, loads, ct);
                outcomes.Add(outcome);
                Console.WriteLine(ProgressLine(outcome));
            }

            var report = new MarkdownReport(options, rawArgs, affinity, threads, workloads, engines.Values.ToList(), loads, outcomes);
            string text = report.Render();
            Console.WriteLine();
            Console.WriteLine(text);
            if (options.Save)
            {
                string path = report.Save(text);
                Console.WriteLine($"written {path}");
            }

            bool failed = outcomes.Any(o => o.Failure is not null) || loads.Any(l => l.IsFailure);
            return failed ? 1 : 0;
        }
        finally
        {
            foreach (var engine in engines.Values)
            {
                await engine.DisposeAsync();
            }
        }
    }

    private static IEnumerable<string> EngineOrder(IReadOnlyList<string> selected) =>
        new[] { "sqlite", "duckdb", "yoda", "yoda-duckdb" }.Where(selected.Contains);

    private static async Task<QueryOutcome> RunQueryAsync(QueryDef query, CompareOptions options,
        IReadOnlyDictionary<string, IBenchEngine> engines, IReadOnlyList<LoadOutcome> loads, CancellationToken ct)
    {
        var outcome = new Dictionary<string, EngineOutcome>();
        var results = new Dictionary<string, QueryResult>();
        foreach (var load in loads.Where(l => l.Error is not null))
        {
            outcome[load.Engine] = new EngineOutcome(OutcomeKind.NotAvailable, Message: load.Error);
        }

        var failures = new List<string>();
        var firstRunMs = new Dictionary<string, double>();
        foreach (var (name, engine) in engines)
        {
            try
            {
                QueryResult? result = null;
                for (int i = 0; i < options.Warmup; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    var materialize = await engine.ExecuteAsync(query.Sql, ct);
                    if (result is null)
                    {
                        firstRunMs[name] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                        result = materialize();
                        if (firstRunMs[name] > options.MaxSeconds * 1000)
                        {
                            break;
                        }
                    }
                }

                results[name] = result!;
            }
            catch (QueryNotSupportedException e)
            {
                outcome[name] = new EngineOutcome(OutcomeKind.NotSupported, Message: e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                outcome[name] = new EngineOutcome(OutcomeKind.Error, Message: $"{e.GetType().Name}: {e.Message}");
                failures.Add($"{name} failed: {e.GetType().Name}: {FirstLine(e.Message)}");
            }
        }

        string? reference = results.ContainsKey("sqlite") ? "sqlite" : results.Keys.FirstOrDefault();
        var disagreeing = new List<string>();
        foreach (var (name, result) in results)
        {
            if (name == reference)
            {
                continue;
            }

            string? difference = ResultComparer.Difference(results[reference!], result, query.Ordered);
            if (difference is not null)
            {
                disagreeing.Add(name);
                failures.Add($"{name} disagrees with {reference}: {difference}");
            }
        }

        // The materialised results (a boxed object per value: 9 million objects for h2o-q10's million rows, per engine)
        // are dropped before the timed runs: a user holds no such copies, and with them alive every gen2 collection a
        // timed run triggers had to mark them (h2o-q10 took 1.3-1.6 s in the suite process against 0.5 s alone).
        int? rows = reference is null ? null : results[reference].Rows.Count;
        var answered = results.Keys.ToList();
        results.Clear();
        if (disagreeing.Count > 0)
        {
            foreach (var name in answered)
            {
                outcome[name] = new EngineOutcome(OutcomeKind.Disagrees, Message: string.Join("; ", failures));
            }
        }
        else
        {
            foreach (var name in answered)
            {
                outcome[name] = firstRunMs[name] > options.MaxSeconds * 1000
                    ? new EngineOutcome(OutcomeKind.TooSlow, Stats.Of([firstRunMs[name]]), $"first run over {options.MaxSeconds} s")
                    : new EngineOutcome(OutcomeKind.Timed, await TimeAsync(engines[name], query.Sql, options.Runs, ct));
            }
        }

        return new QueryOutcome(query.Id, outcome, failures.Count == 0 ? null : string.Join("; ", failures), rows);
    }

    private static async Task<Stats> TimeAsync(IBenchEngine engine, string sql, int runs, CancellationToken ct)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var samples = new List<double>(runs);
        var collections = GcActivity.Now();
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await engine.ExecuteAsync(sql, ct);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        Console.WriteLine($"  {engine.Name,-12} {GcActivity.Now().Since(collections)} over {runs} runs");
        return Stats.Of(samples);
    }

    private static string ProgressLine(QueryOutcome outcome) =>
        $"{outcome.QueryId,-22} " + string.Join("  ", outcome.Engines.Select(e => $"{e.Key}: {MarkdownReport.Cell(e.Value)}"))
        + (outcome.Failure is null ? "" : $"  FAILURE: {outcome.Failure}");

    private static string FirstLine(string text) => text.Split('\n')[0];
}
