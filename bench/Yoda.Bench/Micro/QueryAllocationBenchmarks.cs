using Apache.Arrow;
using Apache.Arrow.Types;
using BenchmarkDotNet.Attributes;
using Yoda.Bench.Workloads;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Storage;
using Yoda.Sql;

namespace Yoda.Bench.Micro;

/// <summary>
/// The columnar engine end to end (parse, plan, scan, filter, expressions, aggregation) on one
/// thread over an in-memory table of <see cref="Rows"/> rows in 64K-row segments, with the memory
/// diagnoser: what a query allocates in all and per row (<see cref="AllocatedPerRowColumn"/>).
/// Hot loops allocate nothing per row, so the bytes per row fall as the table grows.
/// </summary>
[MemoryDiagnoser]
public class QueryAllocationBenchmarks
{
    private const int SegmentRows = 65_536;
    private static readonly ExecutionOptions OneThread = new() { Parallelism = 1 };
    private CatalogSnapshot _catalog = CatalogSnapshot.Empty;

    [Params(1_048_576)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var schema = new Schema(
            [
                new Field("k", Int64Type.Default, true), new Field("qty", Int64Type.Default, true),
                new Field("price", DoubleType.Default, true), new Field("discount", DoubleType.Default, true),
            ],
            null);
        var rng = new Rng(7);
        var segments = new List<Segment>();
        for (var start = 0; start < Rows; start += SegmentRows)
        {
            var length = Math.Min(SegmentRows, Rows - start);
            var (k, qty, price, discount) = (new Int64Array.Builder(), new Int64Array.Builder(), new DoubleArray.Builder(), new DoubleArray.Builder());
            for (var i = 0; i < length; i++)
            {
                k.Append(rng.Range(0, 99));
                qty.Append(rng.Range(1, 50));
                price.Append(Math.Round(rng.NextDouble() * 10_000, 2));
                discount.Append(rng.Range(0, 10) / 100.0);
            }

            segments.Add(new Segment(new RecordBatch(schema, [k.Build(), qty.Build(), price.Build(), discount.Build()], length), null));
        }

        _catalog = new CatalogSnapshot([new TableSnapshot("t", schema, [.. segments])]);
    }

    [Benchmark(Description = "scan + filter + SUM(price * (1 - discount))")]
    public object FilteredSum() => Run("SELECT SUM(price * (1 - discount)) FROM t WHERE qty < 24");

    [Benchmark(Description = "100 groups: SUM(price * (1 - discount)), AVG(qty), COUNT(*)")]
    public object GroupedSum() => Run("SELECT k, SUM(price * (1 - discount)), AVG(qty), COUNT(*) FROM t GROUP BY k");

    private object Run(string sql) => SqlEngine.Execute(sql, [], _catalog, OneThread, default);
}
