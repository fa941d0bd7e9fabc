using Yoda.Columnar.Storage;
using Yoda.Sql.Parsing;
using Yoda.Sql.Tests.Engine;

namespace Yoda.Sql.Tests.Parsing;

/// <summary>The parsed-statement cache stays within its bounds and never keeps a failed parse.</summary>
public sealed class ParsedQueryCacheTests
{
    private int _parses;

    private ParsedQuery CountingParse(string sql)
    {
        _parses++;
        return SqlParser.Parse(sql);
    }

    [Fact]
    public void The_same_text_is_parsed_once()
    {
        var cache = new ParsedQueryCache(4, 1000, 4000);
        var first = cache.GetOrParse("SELECT 1", CountingParse);
        var second = cache.GetOrParse("SELECT 1", CountingParse);
        Assert.Same(first, second);
        Assert.Equal(1, _parses);

        // The key is the exact text: another spelling is another entry.
        cache.GetOrParse("select 1", CountingParse);
        Assert.Equal(2, _parses);
    }

    [Fact]
    public void At_most_capacity_entries_are_kept_and_the_least_recently_used_goes_first()
    {
        var cache = new ParsedQueryCache(3, 1000, 4000);
        cache.GetOrParse("SELECT 1", CountingParse);
        cache.GetOrParse("SELECT 2", CountingParse);
        cache.GetOrParse("SELECT 3", CountingParse);
        cache.GetOrParse("SELECT 1", CountingParse);
        cache.GetOrParse("SELECT 4", CountingParse);
        Assert.Equal(3, cache.Count);
        Assert.Equal(4, _parses);

        cache.GetOrParse("SELECT 1", CountingParse);
        Assert.Equal(4, _parses);
        cache.GetOrParse("SELECT 2", CountingParse);
        Assert.Equal(5, _parses);
    }

    [Fact]
    public void Total_text_length_is_bounded()
    {
        var cache = new ParsedQueryCache(100, 50, 100);
        for (var i = 0; i < 50; i++)
        {
            cache.GetOrParse($"SELECT {i} + 1000000000000000", CountingParse);
            Assert.InRange(cache.TotalLength, 0, 100);
        }

        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void A_text_over_the_length_limit_is_parsed_every_time_and_never_kept()
    {
        var cache = new ParsedQueryCache(4, 10, 100);
        cache.GetOrParse("SELECT 12345", CountingParse);
        cache.GetOrParse("SELECT 12345", CountingParse);
        Assert.Equal(2, _parses);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_parse_error_is_not_kept_and_is_reported_again()
    {
        var cache = new ParsedQueryCache(4, 1000, 4000);
        var first = Assert.Throws<SqlParseException>(() => cache.GetOrParse("SELECT 1 +", CountingParse));
        var second = Assert.Throws<SqlParseException>(() => cache.GetOrParse("SELECT 1 +", CountingParse));
        Assert.Equal(2, _parses);
        Assert.Equal(0, cache.Count);
        Assert.Equal((first.Message, first.Line, first.Column), (second.Message, second.Line, second.Column));
    }

    [Fact]
    public void The_engine_reports_a_syntax_error_with_the_same_line_and_column_each_time()
    {
        var catalog = EngineTestTables.Numbers(10);
        const string sql = "SELECT k\nFROM n\nWHERE k >";
        var errors = Enumerable.Range(0, 3)
            .Select(_ => Assert.Throws<SqlParseException>(() => SqlEngine.Execute(sql, [], catalog, default)))
            .Select(e => (e.Message, e.Line, e.Column))
            .ToList();
        Assert.All(errors, e => Assert.Equal(errors[0], e));
        Assert.Equal(3, errors[0].Line);
    }

    [Fact]
    public void The_same_text_with_other_parameter_values_gives_their_answer()
    {
        var catalog = EngineTestTables.Numbers(10);
        long Count(long bound) => Convert.ToInt64(ArrowValues.Get(
            SqlEngine.Execute("SELECT COUNT(*) FROM n WHERE k < ?", [bound], catalog, default).Batches[0].Column(0), 0));
        Assert.Equal(3L, Count(3));
        Assert.Equal(7L, Count(7));
    }

    [Fact]
    public void The_same_text_reads_each_catalog_it_is_given()
    {
        const string sql = "SELECT COUNT(*), MAX(k) FROM n";
        (long Count, long Max) Row(int rows)
        {
            var batch = SqlEngine.Execute(sql, [], EngineTestTables.Numbers(rows), default).Batches[0];
            return (Convert.ToInt64(ArrowValues.Get(batch.Column(0), 0)), Convert.ToInt64(ArrowValues.Get(batch.Column(1), 0)));
        }

        Assert.Equal((5L, 4L), Row(5));
        Assert.Equal((8L, 7L), Row(8));
    }

    [Fact]
    public void A_flood_of_distinct_texts_leaves_the_shared_cache_within_its_bound()
    {
        var catalog = EngineTestTables.Numbers(1);
        for (var i = 0; i < ParsedQueryCache.DefaultCapacity * 2; i++)
        {
            SqlEngine.Execute($"SELECT k + {i} FROM n", [], catalog, default);
        }

        Assert.InRange(ParsedQueryCache.Shared.Count, 1, ParsedQueryCache.DefaultCapacity);
        Assert.InRange(ParsedQueryCache.Shared.TotalLength, 1, ParsedQueryCache.DefaultMaxTotalLength);
    }
}
