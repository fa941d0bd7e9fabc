using Yoda.Oltp;

namespace Yoda.Core.Tests;

/// <summary>
/// Which batch statements are rewritten into a shape with placeholders, and which literals stay
/// text because SQLite might read them differently from a bound value.
/// </summary>
public sealed class LiteralParameterizerTests
{
    [Theory]
    [InlineData("INSERT INTO t (a, b, c) VALUES (1, 'x''y', -2.5)", "INSERT INTO t (a, b, c) VALUES (?1, ?2, ?3)", "i:1|t:x'y|r:-2.5")]
    [InlineData("insert or replace into \"t\" values (NULL, X'0aFF', + 7);", "insert or replace into \"t\" values (?1, ?2, ?3);", "null|b:0AFF|i:7")]
    [InlineData("REPLACE INTO main.t VALUES (- 5, .5), (5., 1e3)", "REPLACE INTO main.t VALUES (?1, ?2), (?3, ?4)", "i:-5|r:0.5|r:5|r:1000")]
    [InlineData("INSERT INTO t VALUES (-0, -0.0, 007, 9223372036854775807, -9223372036854775807)", "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)",
        "i:0|r:-0|i:7|i:9223372036854775807|i:-9223372036854775807")]
    [InlineData("INSERT INTO t VALUES ( /* c */ 1 -- d\n, 'a;b')", "INSERT INTO t VALUES ( /* c */ ?1 -- d\n, ?2)", "i:1|t:a;b")]
    [InlineData("INSERT INTO t VALUES (12345678901234.6, 1e22, 1.5e-20, 12300000000000000000000e-1)", "INSERT INTO t VALUES (?1, ?2, ?3, ?4)",
        "r:12345678901234.6|r:1E+22|r:1.5E-20|r:1.23E+21")]
    public void Plain_literals_become_numbered_placeholders(string sql, string shape, string values)
    {
        var rewriter = new LiteralParameterizer();

        Assert.True(rewriter.TryRewrite(sql));
        Assert.Equal(shape, rewriter.Shape.ToString());
        Assert.Equal(values, string.Join("|", rewriter.Values.Select(v => Describe(sql, v))));
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES (9223372036854775808)")] // beyond 64 bits: SQLite reads a REAL
    [InlineData("INSERT INTO t VALUES (-9223372036854775808)")]
    [InlineData("INSERT INTO t VALUES (0.1234567890123456)")] // 16 significant digits
    [InlineData("INSERT INTO t VALUES (123456789012345.6)")]
    [InlineData("INSERT INTO t VALUES (1e23)")]
    [InlineData("INSERT INTO t VALUES (1.5e-23)")]
    [InlineData("INSERT INTO t VALUES (1e400)")]
    [InlineData("INSERT INTO t VALUES ('a\0b')")]
    [InlineData("INSERT INTO t VALUES ('\ud83d\ude00')")]
    [InlineData("INSERT INTO t VALUES (X'')")]
    [InlineData("INSERT INTO t VALUES (X'ABC')")]
    [InlineData("INSERT INTO t VALUES (TRUE)")]
    [InlineData("INSERT INTO t VALUES (-'5')")]
    [InlineData("INSERT INTO t VALUES (- -5)")]
    [InlineData("INSERT INTO t VALUES (1 + 2)")]
    [InlineData("INSERT INTO t VALUES (abs(-3))")]
    [InlineData("INSERT INTO t VALUES ('a' 'b')")]
    [InlineData("INSERT INTO t VALUES (CURRENT_TIMESTAMP)")]
    public void Doubtful_values_stay_literal_text(string sql)
    {
        var rewriter = new LiteralParameterizer();

        Assert.True(rewriter.TryRewrite(sql));
        Assert.Equal(sql, rewriter.Shape.ToString());
        Assert.Empty(rewriter.Values);
    }

    [Fact]
    public void Only_the_doubtful_value_of_a_row_stays_text()
    {
        var rewriter = new LiteralParameterizer();

        const string sql = "INSERT INTO t VALUES (1, 1e400, 'x')";
        Assert.True(rewriter.TryRewrite(sql));

        Assert.Equal("INSERT INTO t VALUES (?1, 1e400, ?2)", rewriter.Shape.ToString());
        Assert.Equal("i:1|t:x", string.Join("|", rewriter.Values.Select(v => Describe(sql, v))));
    }

    [Theory]
    [InlineData("UPDATE t SET a = a + 1 WHERE b = 2")] // simple UPDATEs and DELETEs are rewritten: see EqualityParameterizationTests
    [InlineData("DELETE FROM t WHERE a > 1")]
    [InlineData("INSERT INTO t SELECT 1, 2")]
    [InlineData("INSERT INTO t DEFAULT VALUES")]
    [InlineData("WITH c AS (SELECT 1) INSERT INTO t VALUES (1)")]
    [InlineData("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING")]
    [InlineData("INSERT INTO t VALUES (1) RETURNING a")]
    [InlineData("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)")]
    [InlineData("INSERT INTO t VALUES (?)")]
    [InlineData("INSERT INTO t VALUES (:a)")]
    [InlineData("INSERT INTO t VALUES ($a)")]
    [InlineData("INSERT INTO t VALUES (@a)")]
    [InlineData("INSERT INTO t(a$b) VALUES (1)")]
    [InlineData("INSERT INTO t VALUES (0x10)")]
    [InlineData("INSERT INTO t VALUES (1_000)")]
    [InlineData("INSERT INTO t VALUES (1e)")]
    [InlineData("INSERT INTO t VALUES (12abc)")]
    [InlineData("INSERT INTO t VALUES ('open)")]
    [InlineData("INSERT INTO t VALUES (1) /* open")]
    [InlineData("INSERT INTO t VALUES (1")]
    [InlineData("INSERT INTO t VALUES")]
    public void Other_statements_are_not_rewritten(string sql)
    {
        Assert.False(new LiteralParameterizer().TryRewrite(sql));
    }

    [Fact]
    public void A_statement_with_more_than_64_values_is_not_rewritten()
    {
        static string Insert(int rows) =>
            "INSERT INTO t VALUES " + string.Join(", ", Enumerable.Range(0, rows).Select(r => $"({r}, 'v{r}')"));
        var rewriter = new LiteralParameterizer();

        Assert.True(rewriter.TryRewrite(Insert(32)));
        Assert.Equal(64, rewriter.Values.Count);
        Assert.False(rewriter.TryRewrite(Insert(33)));
    }

    [Fact]
    public void Statements_differing_only_in_values_have_one_shape()
    {
        var rewriter = new LiteralParameterizer();
        var shapes = new HashSet<string>();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(rewriter.TryRewrite(FormattableString.Invariant($"INSERT INTO ev (id, val, name) VALUES ({i - 50}, {i * 0.5:R}, 'name-{i}')")));
            shapes.Add(rewriter.Shape.ToString());
        }

        Assert.Single(shapes);
    }

    [Fact]
    public void A_rewriter_reused_across_statements_rewrites_each_as_a_fresh_one_does()
    {
        string[] statements =
        [
            "INSERT INTO t VALUES (1, 'a')", "INSERT INTO t VALUES (2, 'b''c'), (3, X'00')", "INSERT INTO t VALUES (1) RETURNING a",
            "INSERT INTO t VALUES (?)", "INSERT INTO t VALUES (1", "INSERT INTO t VALUES (1, 2); INSERT INTO t VALUES (3)",
            "INSERT INTO t VALUES (1e400, -4)", "INSERT INTO t VALUES (1)x", "INSERT INTO tt VALUES (5)", "INSERT INTO t VALUES (6)",
            "INSERT INTO t VALUES (7), (8)", "INSERT INTO t VALUES (7), 8", "INSERT INTO t VALUES (9) /* open", "REPLACE INTO t VALUES (10)",
            "INSERT INTO t VALUES (11)",
        ];
        var reused = new LiteralParameterizer();

        foreach (var sql in statements)
        {
            var fresh = new LiteralParameterizer();
            Assert.Equal(fresh.TryRewrite(sql), reused.TryRewrite(sql));
            Assert.Equal(fresh.Shape.ToString(), reused.Shape.ToString());
            Assert.Equal(fresh.Values.Select(v => Describe(sql, v)), reused.Values.Select(v => Describe(sql, v)));
        }
    }

    private static string Describe(string sql, Literal value) => value.Kind switch
    {
        LiteralKind.Null => "null",
        LiteralKind.Integer => "i:" + value.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LiteralKind.Real => "r:" + (double.IsNegative(value.Real) && value.Real == 0 ? "-0" : value.Real.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        LiteralKind.Text => "t:" + value.Characters(sql).ToString(),
        LiteralKind.EscapedText => "t:" + value.Characters(sql).ToString().Replace("''", "'", StringComparison.Ordinal),
        LiteralKind.Blob => "b:" + Convert.ToHexString(Convert.FromHexString(value.Characters(sql))),
        _ => "?" + value,
    };
}
