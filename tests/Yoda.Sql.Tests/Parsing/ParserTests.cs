using Yoda.Sql.Ast;
using Yoda.Sql.Parsing;

namespace Yoda.Sql.Tests.Parsing;

public sealed class ParserTests
{
    private static Expr FirstItem(string sql) => ((ExprItem)SqlParser.Parse(sql).Statement.Columns[0]).Expr;

    [Theory]
    [InlineData("SELECT 1 + 2 * 3", "Add(1, Multiply(2, 3))")]
    [InlineData("SELECT (1 + 2) * 3", "Multiply(Add(1, 2), 3)")]
    [InlineData("SELECT 1 - 2 - 3", "Subtract(Subtract(1, 2), 3)")]
    [InlineData("SELECT 'a' || 'b' * 2", "Multiply(Concat('a', 'b'), 2)")]
    [InlineData("SELECT 1 < 2 = 3 > 4", "Equal(Less(1, 2), Greater(3, 4))")]
    [InlineData("SELECT NOT 1 = 2 AND 3 OR 4", "Or(And(Not(Equal(1, 2)), 3), 4)")]
    [InlineData("SELECT - 1 * 2", "Multiply(Negate(1), 2)")]
    [InlineData("SELECT 1 & 2 + 3", "BitAnd(1, Add(2, 3))")]
    [InlineData("SELECT a IS NOT NULL AND b", "And(IsNot(a, NULL), b)")]
    [InlineData("SELECT x BETWEEN 1 AND 2 AND y", "And(Between(x, 1, 2), y)")]
    public void Operators_follow_sqlite_precedence(string sql, string expected) => Assert.Equal(expected, Render(FirstItem(sql)));

    [Theory]
    [InlineData("SELECT 0x1F", 31L)]
    [InlineData("SELECT 0xFFFFFFFFFFFFFFFF", -1L)]
    [InlineData("SELECT 9223372036854775807", long.MaxValue)]
    [InlineData("SELECT -9223372036854775808", long.MinValue)]
    [InlineData("SELECT 1.5", 1.5)]
    [InlineData("SELECT .5", 0.5)]
    [InlineData("SELECT 5.", 5.0)]
    [InlineData("SELECT 1e3", 1000.0)]
    [InlineData("SELECT 2.5E-2", 0.025)]
    [InlineData("SELECT 9223372036854775808", 9223372036854775808.0)]
    [InlineData("SELECT 'it''s'", "it's")]
    [InlineData("SELECT ''", "")]
    [InlineData("SELECT TRUE", 1L)]
    [InlineData("SELECT false", 0L)]
    [InlineData("SELECT NULL", null)]
    public void Literals(string sql, object? expected) => Assert.Equal(expected, ((LiteralExpr)FirstItem(sql)).Value);

    [Fact]
    public void Blob_literal() => Assert.Equal(new byte[] { 0x41, 0xFF }, ((LiteralExpr)FirstItem("SELECT x'41ff'")).Value);

    [Theory]
    [InlineData("SELECT \"a b\" FROM t", "a b")]
    [InlineData("SELECT [a b] FROM t", "a b")]
    [InlineData("SELECT `a``b` FROM t", "a`b")]
    [InlineData("SELECT \"x\"\"y\" FROM t", "x\"y")]
    [InlineData("SELECT count FROM t", "count")]
    public void Quoted_identifiers(string sql, string column) => Assert.Equal(column, ((ColumnRefExpr)FirstItem(sql)).Column);

    [Fact]
    public void Keywords_are_case_insensitive_and_comments_are_skipped()
    {
        var s = SqlParser.Parse("sElEcT /* c */ a -- x\n FrOm t wHeRe a > 1 OrDeR bY a DeSc LiMiT 3 OfFsEt 1;").Statement;
        Assert.Equal("t", s.From!.Name);
        Assert.NotNull(s.Where);
        Assert.True(s.OrderBy[0].Descending);
        Assert.Equal(3L, ((LiteralExpr)s.Limit!).Value);
        Assert.Equal(1L, ((LiteralExpr)s.Offset!).Value);
    }

    [Fact]
    public void Limit_comma_form_puts_the_offset_first()
    {
        var s = SqlParser.Parse("SELECT a FROM t LIMIT 5, 10").Statement;
        Assert.Equal(10L, ((LiteralExpr)s.Limit!).Value);
        Assert.Equal(5L, ((LiteralExpr)s.Offset!).Value);
    }

    [Fact]
    public void Select_items_keep_their_text_and_aliases()
    {
        var s = SqlParser.Parse("SELECT a  +  1, b AS x, c y, t.*, * FROM t").Statement;
        Assert.Equal("a  +  1", ((ExprItem)s.Columns[0]).Text);
        Assert.Equal("x", ((ExprItem)s.Columns[1]).Alias);
        Assert.Equal("y", ((ExprItem)s.Columns[2]).Alias);
        Assert.Equal("t", ((StarItem)s.Columns[3]).Table);
        Assert.Null(((StarItem)s.Columns[4]).Table);
    }

    [Fact]
    public void Case_cast_in_like_and_functions()
    {
        Assert.IsType<CaseExpr>(FirstItem("SELECT CASE a WHEN 1 THEN 'x' ELSE 'y' END"));
        Assert.Equal("VARCHAR", ((CastExpr)FirstItem("SELECT CAST(a AS VARCHAR(10))")).TypeName);
        Assert.True(((InListExpr)FirstItem("SELECT a NOT IN (1, 2)")).Negated);
        Assert.NotNull(((LikeExpr)FirstItem("SELECT a LIKE 'x' ESCAPE '!'")).Escape);
        var call = (FunctionCallExpr)FirstItem("SELECT COUNT(DISTINCT a)");
        Assert.True(call.Distinct);
        Assert.Equal("count", call.Name);
        Assert.True(((FunctionCallExpr)FirstItem("SELECT count(*)")).Star);
    }

    [Theory]
    [InlineData("SELECT FROM t", 1, 8)]
    [InlineData("SELECT a FROM t WHERE", 1, 22)]
    [InlineData("SELECT a,\n  b +\n FROM t", 3, 2)]
    [InlineData("SELECT 'abc", 1, 8)]
    [InlineData("SELECT a FROM t t2 t3", 1, 20)]
    [InlineData("SELECT 1 +* 2", 1, 11)]
    public void Syntax_errors_report_line_and_column(string sql, int line, int column)
    {
        var error = Assert.Throws<SqlParseException>(() => SqlParser.Parse(sql));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains($"(line {line}, column {column})", error.Message);
    }

    [Fact]
    public void Error_says_what_was_expected()
    {
        var error = Assert.Throws<SqlParseException>(() => SqlParser.Parse("SELECT a FROM"));
        Assert.Contains("expected", error.Message);
    }

    [Fact]
    public void Ten_thousand_nested_parentheses_fail_cleanly()
    {
        var sql = "SELECT " + new string('(', 10_000) + "1" + new string(')', 10_000);
        var error = Assert.Throws<SqlParseException>(() => SqlParser.Parse(sql));
        Assert.Contains("nested too deeply", error.Message);
    }

    [Fact]
    public void Long_prefix_operator_runs_fail_cleanly()
    {
        Assert.Throws<SqlParseException>(() => SqlParser.Parse("SELECT " + string.Concat(Enumerable.Repeat("NOT ", 10_000)) + "1"));
        Assert.Throws<SqlParseException>(() => SqlParser.Parse("SELECT " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "1"));
    }

    [Fact]
    public void Moderate_nesting_is_fine()
    {
        var sql = "SELECT " + new string('(', 150) + "1" + new string(')', 150);
        Assert.IsType<LiteralExpr>(FirstItem(sql));
    }

    [Fact]
    public void Text_longer_than_the_limit_is_rejected()
    {
        var sql = "SELECT 1" + new string(' ', SqlParser.MaxSqlLength);
        Assert.Throws<YodaException>(() => SqlParser.Parse(sql));
    }

    private static string Render(Expr e) => e switch
    {
        LiteralExpr { Value: string s } => $"'{s}'",
        LiteralExpr l => l.Value?.ToString() ?? "NULL",
        ColumnRefExpr c => c.Column,
        UnaryExpr u => $"{u.Operator}({Render(u.Operand)})",
        BinaryExpr b => $"{b.Operator}({Render(b.Left)}, {Render(b.Right)})",
        BetweenExpr b => $"Between({Render(b.Operand)}, {Render(b.Low)}, {Render(b.High)})",
        _ => e.GetType().Name,
    };
}
