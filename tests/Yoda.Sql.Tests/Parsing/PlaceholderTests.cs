using Yoda.Sql.Parsing;

namespace Yoda.Sql.Tests.Parsing;

public sealed class PlaceholderTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "SELECT ?, ?", "?=1 ?=2" },
        { "SELECT ?5, ?", "?5=5 ?=6" },
        { "SELECT :a, :b, :a", ":a=1 :b=2" },
        { "SELECT @x, $y, :z", "@x=1 $y=2 :z=3" },
        { "SELECT ?2, ?1, ?2", "?2=2 ?1=1" },
        { "SELECT :a, ?3, :b, ?", ":a=1 ?3=3 :b=4 ?=5" },
        { "SELECT '?', \"?\", [:x] -- ?\n /* :y */ , ?", "?=1" },
        { "SELECT 1", "" },
        { "", "" },
        { "SELECT ?, 'unterminated", "?=1" },
        { "SELECT :a, :A", ":a=1 :A=2" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Numbers_placeholders_like_sqlite(string sql, string expected) =>
        Assert.Equal(expected, string.Join(' ', Placeholders.Scan(sql).Select(p => $"{p.Text}={p.Index}")));
}
