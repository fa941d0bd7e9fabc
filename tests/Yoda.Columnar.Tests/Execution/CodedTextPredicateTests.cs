using Apache.Arrow;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// Text scan predicates (comparisons, IN, LIKE) through a stored array's dictionary codes
/// (<see cref="CodedTextFilter"/>): once a predicate has read an array twice it is coded, and every
/// later read (dense and sparse selections, chunks from any start, masks) keeps exactly the rows that
/// the byte kernels keep on an uncoded copy of the same texts: NULLs, empty texts, texts that are
/// prefixes of each other, non-ASCII and invalid UTF-8 bytes, one code passing or failing alone.
/// </summary>
public sealed class CodedTextPredicateTests
{
    private static readonly byte[]?[] Pool =
    [
        null, [], "1995-03-15"u8.ToArray(), "1995-03-16"u8.ToArray(), "1995-03-1"u8.ToArray(), "1995-03-15 "u8.ToArray(),
        "MAIL"u8.ToArray(), "mail"u8.ToArray(), "SHIP"u8.ToArray(), "BUILDING"u8.ToArray(), "é"u8.ToArray(), "ñandú"u8.ToArray(),
        [0x61, 0xFF], [0xFF], "a"u8.ToArray(), [0x61, 0], "PROMO BRUSHED TIN"u8.ToArray(), "PROMO BRUSHED TIM"u8.ToArray(), "PROMO BRUSHED TI"u8.ToArray(),
        "a long text that is past sixteen bytes"u8.ToArray(),
    ];

    private static readonly string[] Constants = ["1995-03-15", "1995-03-1", "", "MAIL", "mail", "é", "a", "a\0", "PROMO BRUSHED TIN", "PROMO BRUSHED TI", "zzz"];

    private static readonly string[] Patterns = ["1995-03%", "%AI%", "mail", "%", "PROMO%", "%é%", "a%", "%1_", "%TIN"];

    [Property(MaxTest = 200)]
    public bool Coded_arrays_keep_the_rows_the_byte_kernels_keep(int seed)
    {
        var random = new Random(seed);
        // A few texts (one alone, sometimes), or NULLs only but for a few rows.
        var pool = Pool.OrderBy(_ => random.Next()).Take(random.Next(1, Pool.Length + 1)).ToArray();
        var values = Enumerable.Range(0, random.Next(200, 9_000)).Select(_ => pool[random.Next(pool.Length)]).ToArray();
        var (coded, plain) = (Array(values), Array(values));
        var predicate = Predicate(random);

        // Two reads from row 0 by a comparison or IN code the array (a LIKE uses codes but has none
        // made); the plain copy is read once each time, and stays uncoded.
        Code(coded);
        for (var read = 0; read < 4; read++)
        {
            if (!SameRows(predicate, coded, plain, random))
            {
                return false;
            }

            plain = Array(values);
        }

        return StoredTextCodes.ForPredicate(coded, countRead: false) is not null
            && SameMasks(predicate, coded, Array(values), random);
    }

    /// <summary>
    /// Texts longer than 16 bytes that share their first 16 are ordered by all their bytes when a
    /// comparison ranks the codes (<see cref="CodeOrder"/>), whichever appears first.
    /// </summary>
    [Theory]
    [InlineData("PROMO BRUSHED TIN", "PROMO BRUSHED TIM")]
    [InlineData("PROMO BRUSHED TIM", "PROMO BRUSHED TIN")]
    public void Long_texts_with_a_common_prefix_rank_by_all_their_bytes(string first, string second)
    {
        var texts = Enumerable.Range(0, 1_000).Select(i => i % 3 == 0 ? first : i % 3 == 1 ? second : "PROMO BRUSHED TI").ToArray();
        var array = Array(texts.Select(t => (byte[]?)System.Text.Encoding.UTF8.GetBytes(t)).ToArray());
        foreach (var op in new[] { ComparisonOperator.Less, ComparisonOperator.LessOrEqual, ComparisonOperator.Greater, ComparisonOperator.GreaterOrEqual })
        {
            var predicate = new ComparisonPredicate(0, op, "PROMO BRUSHED TIN", "c ? 'PROMO BRUSHED TIN'");
            var expected = texts.Count(t => op switch
            {
                ComparisonOperator.Less => string.CompareOrdinal(t, "PROMO BRUSHED TIN") < 0,
                ComparisonOperator.LessOrEqual => string.CompareOrdinal(t, "PROMO BRUSHED TIN") <= 0,
                ComparisonOperator.Greater => string.CompareOrdinal(t, "PROMO BRUSHED TIN") > 0,
                _ => string.CompareOrdinal(t, "PROMO BRUSHED TIN") >= 0,
            });
            for (var read = 0; read < 3; read++)
            {
                Assert.Equal(expected, predicate.Filter(array, 0, new int[Chunk.Capacity], 1_000, dense: true));
            }
        }

        Assert.True(StoredTextCodes.ForPredicate(array, countRead: false) is not null);
    }

    /// <summary>
    /// One predicate (a query's) reads several coded arrays (a table's segments), interleaved and on two threads at
    /// once as a scan's morsels do: each array's rows are tested through its own codes' table.
    /// </summary>
    [Fact]
    public void One_predicate_tests_each_coded_array_through_its_own_table()
    {
        static string Text(int segment, int row) => $"199{segment}-0{row % 7}-1{row % 5}";
        var arrays = Enumerable.Range(0, 6).Select(s => Array(Enumerable.Range(0, 3_000).Select(i => (byte[]?)System.Text.Encoding.UTF8.GetBytes(Text(s, i))).ToArray())).ToArray();
        foreach (var array in arrays)
        {
            Code(array);
        }

        var predicate = new ComparisonPredicate(0, ComparisonOperator.Less, "1993-03", "c < '1993-03'");
        var length = Math.Min(Chunk.Capacity, 3_000);
        var expected = Enumerable.Range(0, arrays.Length).Select(s => Enumerable.Range(0, length).Count(i => string.CompareOrdinal(Text(s, i), "1993-03") < 0)).ToArray();
        Parallel.For(0, 2, thread =>
        {
            for (var read = 0; read < 30; read++)
            {
                var s = (read + (thread * 3)) % arrays.Length;
                Assert.Equal(expected[s], predicate.Filter(arrays[s], 0, new int[Chunk.Capacity], length, dense: true));
            }
        });
        Assert.All(arrays, array => Assert.NotNull(StoredTextCodes.ForPredicate(array, countRead: false)));
    }

    /// <summary>An array with more distinct texts than a quarter of its rows gets no codes and keeps the byte kernels.</summary>
    [Fact]
    public void Arrays_of_many_distinct_texts_stay_uncoded()
    {
        var array = Array(Enumerable.Range(0, 1_000).Select(i => System.Text.Encoding.UTF8.GetBytes($"t{i % 300}")).ToArray());
        var predicate = new ComparisonPredicate(0, ComparisonOperator.Less, "t2", "c < 't2'");
        for (var read = 0; read < 3; read++)
        {
            var rows = new int[Chunk.Capacity];
            Assert.Equal(Enumerable.Range(0, 1_000).Count(i => string.CompareOrdinal($"t{i % 300}", "t2") < 0), predicate.Filter(array, 0, rows, 1_000, dense: true));
        }

        Assert.Null(StoredTextCodes.ForPredicate(array, countRead: false));
        Assert.False(predicate.HasMaskKernel(array));
    }

    /// <summary>
    /// A LIKE reads a coded array through its codes only where each text stands for 16 rows or more,
    /// and its own reads do not have the codes made.
    /// </summary>
    [Theory]
    [InlineData(50, true)]
    [InlineData(125, false)]
    public void Like_goes_through_the_codes_only_for_texts_of_many_rows(int texts, bool throughCodes)
    {
        var array = Array(Enumerable.Range(0, 1_000).Select(i => System.Text.Encoding.UTF8.GetBytes($"t{i % texts}")).ToArray());
        var predicate = new LikePredicate(0, Utf8LikePattern.TryCreate("t1%")!, negated: false, "c LIKE 't1%'");
        for (var read = 0; read < 3; read++)
        {
            var rows = new int[Chunk.Capacity];
            Assert.Equal(Enumerable.Range(0, 1_000).Count(i => $"t{i % texts}".StartsWith("t1", StringComparison.Ordinal)), predicate.Filter(array, 0, rows, 1_000, dense: true));
        }

        Assert.Null(StoredTextCodes.ForPredicate(array, countRead: false));
        Code(array);
        Assert.NotNull(StoredTextCodes.ForPredicate(array, countRead: false));
        Assert.Equal(throughCodes, predicate.HasMaskKernel(array));
    }

    /// <summary>Reads <paramref name="array"/> twice from row 0 with a comparison, which has its codes made.</summary>
    private static void Code(StringArray array)
    {
        var comparison = new ComparisonPredicate(0, ComparisonOperator.Equal, "x", "c = 'x'");
        for (var read = 0; read < 2; read++)
        {
            comparison.Filter(array, 0, new int[Chunk.Capacity], Math.Min(Chunk.Capacity, array.Length), dense: true);
        }
    }

    private static ScanPredicate Predicate(Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                var op = (ComparisonOperator)new[] { ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.Less, ComparisonOperator.LessOrEqual, ComparisonOperator.Greater, ComparisonOperator.GreaterOrEqual }[random.Next(6)];
                return new ComparisonPredicate(0, op, Constants[random.Next(Constants.Length)], "comparison");
            case 1:
                return new InListPredicate(0, Constants.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray(), "in");
            default:
                // Patterns with '_' are not scan predicates: a literal '%1' stands in for them.
                var pattern = Utf8LikePattern.TryCreate(Patterns[random.Next(Patterns.Length)].Replace("_", "", StringComparison.Ordinal))!;
                return new LikePredicate(0, pattern, negated: random.Next(2) == 0, "like");
        }
    }

    /// <summary>The chunks of both arrays from row 0 (dense, or a sparse selection), as a scan reads them.</summary>
    private static bool SameRows(ScanPredicate predicate, StringArray coded, StringArray plain, Random random)
    {
        var sparse = random.Next(2) == 0;
        for (var start = 0; start < coded.Length; start += Chunk.Capacity)
        {
            var length = Math.Min(Chunk.Capacity, coded.Length - start);
            var selected = Enumerable.Range(0, length).Where(i => !sparse || random.Next(3) != 0).ToArray();
            if (selected.Length == 0)
            {
                continue;
            }

            var dense = selected.Length == length;
            var (a, b) = (Rows(selected, length, dense), Rows(selected, length, dense));
            var (keptA, keptB) = (predicate.Filter(coded, start, a, selected.Length, dense), predicate.Filter(plain, start, b, selected.Length, dense));
            if (!a.AsSpan(0, keptA).SequenceEqual(b.AsSpan(0, keptB)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A mask over a range from any start (a whole segment, or a chunk), some bits cleared beforehand.</summary>
    private static bool SameMasks(ScanPredicate predicate, StringArray coded, StringArray plain, Random random)
    {
        var start = random.Next(coded.Length / 2);
        var length = Math.Min(Chunk.Capacity, coded.Length - start);
        // Words with no bit, a few bits (narrowed by selective predicates before: walked bit by bit) or many.
        var before = Enumerable.Range(0, (length + 63) / 64).Select(_ => random.Next(4) switch
        {
            0 => 0UL,
            1 => ((ulong)random.NextInt64() & (ulong)random.NextInt64() & (ulong)random.NextInt64()) | 1UL,
            _ => (ulong)random.NextInt64() | 1UL,
        }).ToArray();
        if ((length & 63) != 0)
        {
            before[^1] &= (1UL << length) - 1;
        }

        var (a, b) = (before.ToArray(), before.ToArray());
        predicate.Narrow(coded, start, length, a, new int[Chunk.Capacity]);
        predicate.Narrow(plain, start, length, b, new int[Chunk.Capacity]);
        return a.SequenceEqual(b);
    }

    /// <summary>The row buffer for a filter: garbage for dense input (it must not be read), else the selection.</summary>
    private static int[] Rows(int[] selected, int length, bool dense) =>
        dense ? Enumerable.Repeat(-7, Chunk.Capacity).ToArray() : [.. selected, .. new int[Chunk.Capacity - selected.Length]];

    private static StringArray Array(byte[]?[] values)
    {
        var builder = new StringArray.Builder();
        foreach (var value in values)
        {
            _ = value is null ? builder.AppendNull() : builder.Append(value.AsSpan());
        }

        return builder.Build();
    }
}
