using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using Yoda.Bench.Workloads;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Kernels;

namespace Yoda.Bench.Micro;

/// <summary>
/// LIKE on one stored segment of 65,536 URLs ("http://domain/word/n", as in the hits table), chunk by
/// chunk: the scan predicate on the UTF-8 bytes (<see cref="LikePredicate"/>) against the row path
/// it replaces (decode each value, then the string matcher).
/// </summary>
[MemoryDiagnoser]
public class LikeBenchmarks
{
    private static readonly string[] Domains = ["google.com", "yandex.ru", "mail.ru", "example.org", "news.ru", "maps.google.com"];
    private StringArray _urls = null!;
    private LikePredicate _predicate = null!;
    private readonly int[] _rows = new int[Chunk.Capacity];

    [Params(65_536)]
    public int Rows { get; set; }

    [Params("%google%", "%.ru/%", "http://yandex%")]
    public string Pattern { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(7);
        var builder = new StringArray.Builder();
        for (var i = 0; i < Rows; i++)
        {
            builder.Append($"http://{Domains[(int)rng.Range(0, Domains.Length - 1)]}/page/{rng.Range(0, 50_000)}");
        }

        _urls = builder.Build();
        _predicate = new LikePredicate(0, Utf8LikePattern.TryCreate(Pattern)!, negated: false, Pattern);
    }

    [Benchmark(Description = "LIKE scan predicate on UTF-8 bytes")]
    [BytesPerRow(34)]
    public int Bytes()
    {
        var kept = 0;
        for (var start = 0; start < Rows; start += Chunk.Capacity)
        {
            Chunk.AllRows(Chunk.Capacity).CopyTo(_rows, 0);
            kept += _predicate.Filter(_urls, start, _rows, Chunk.Capacity, dense: true);
        }

        return kept;
    }

    [Benchmark(Baseline = true, Description = "LIKE row path: decode, then LikeMatcher")]
    [BytesPerRow(34)]
    public int Strings()
    {
        var decoder = new TextDecoder();
        var kept = 0;
        for (var row = 0; row < Rows; row++)
        {
            kept += LikeMatcher.Matches(Pattern, decoder.Decode(_urls.GetBytes(row)), null) ? 1 : 0;
        }

        return kept;
    }
}
