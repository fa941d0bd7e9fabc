using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Operators;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="JoinIndex"/> against a plain dictionary of row lists, in both of its layouts: keys
/// dense enough to index directly, and keys spread too widely for that (hashed).
/// </summary>
public sealed class JoinIndexTests
{
    public static TheoryData<string, int> Shapes => new()
    {
        { "dense", 0 }, { "dense", 1 }, { "dense", 5000 },
        { "duplicates", 3000 }, { "sparse", 1 }, { "sparse", 5000 },
        { "extremes", 200 }, { "negative", 3000 }, { "all null", 50 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_key_chains_its_rows_in_ascending_order(string shape, int rows)
    {
        var random = new Random(rows * 31 + shape.Length);
        long?[] keys = [.. Enumerable.Range(0, rows).Select(r => Key(shape, r, random))];
        var index = JoinIndex.Build(VectorBuilders.Longs(keys), rows, null, CancellationToken.None);

        var expected = keys.Select((k, r) => (k, r)).Where(p => p.k is not null)
            .GroupBy(p => p.k!.Value).ToDictionary(g => g.Key, g => g.Select(p => p.r).ToList());
        foreach (var (key, rowsOfKey) in expected)
        {
            Assert.Equal(rowsOfKey, Chain(index, key));
        }

        long[] absent = [long.MinValue, long.MaxValue, -1, 0, 1, 4999, 5000, 5001, 1L << 40, -(1L << 40)];
        foreach (var key in absent.Where(k => !expected.ContainsKey(k)))
        {
            Assert.Empty(Chain(index, key));
        }
    }

    [Fact]
    public void A_cancelled_build_stops()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var keys = VectorBuilders.Longs([.. Enumerable.Range(0, 10_000).Select(i => (long?)i)]);
        Assert.Throws<OperationCanceledException>(() => JoinIndex.Build(keys, 10_000, null, cancelled.Token));
    }

    private static long? Key(string shape, int row, Random random) => shape switch
    {
        "dense" => row,
        "duplicates" => random.Next(0, 100) < 5 ? null : random.Next(0, 500),
        "sparse" => random.NextInt64(long.MinValue, long.MaxValue),
        "extremes" => (row % 4) switch { 0 => long.MinValue, 1 => long.MaxValue, 2 => 0, _ => random.NextInt64() },
        "negative" => -random.Next(0, 2000) * 1_000_003L,
        _ => null,
    };

    private static List<int> Chain(JoinIndex index, long key)
    {
        var rows = new List<int>();
        for (var r = index.First(key); r >= 0; r = index.Next(r))
        {
            rows.Add(r);
        }

        return rows;
    }
}
