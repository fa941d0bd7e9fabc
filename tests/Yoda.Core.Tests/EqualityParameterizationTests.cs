using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Yoda.Oltp;

namespace Yoda.Core.Tests;

/// <summary>
/// ExecuteBatchAsync binds the literals of simple UPDATEs and DELETEs (<c>column = literal</c>
/// assignments and <c>AND</c>ed equalities) like those of INSERTs. Which statements are rewritten,
/// and differentially: the same batches with the rewriting on and off leave byte-identical SQLite
/// tables and CDC logs, the same OLAP rows and the same errors.
/// </summary>
public sealed class EqualityParameterizationTests
{
    private static readonly string[] Literals =
    [
        "0", "-0", "7", "-7", "+7", "- 5", "9223372036854775807", "-9223372036854775807", "9223372036854775808", "0.5", "-0.0", "1e22",
        "1e23", "0.30000000000000004", "''", "'x'", "'it''s'", "'12'", "'a\0b'", "X''", "X'00ff'", "NULL", "TRUE", "1 + 2", "abs(-3)",
    ];

    [Theory]
    [InlineData("UPDATE t SET a = 1, b = 'x''y' WHERE id = -2.5", "UPDATE t SET a = ?1, b = ?2 WHERE id = ?3", "i:1|t:x'y|r:-2.5")]
    [InlineData("update or replace main.\"t\" set a = NULL where id = 3 and b = X'0aFF';", "update or replace main.\"t\" set a = ?1 where id = ?2 and b = ?3;", "null|i:3|b:0AFF")]
    [InlineData("UPDATE t SET a = - 5", "UPDATE t SET a = ?1", "i:-5")]
    [InlineData("DELETE FROM t WHERE id = 5", "DELETE FROM t WHERE id = ?1", "i:5")]
    [InlineData("DELETE FROM t WHERE a = 'x' AND b = 2 /* c */", "DELETE FROM t WHERE a = ?1 AND b = ?2 /* c */", "t:x|i:2")]
    [InlineData("DELETE FROM t", "DELETE FROM t", "")]
    public void Assigned_and_compared_literals_become_numbered_placeholders(string sql, string shape, string values)
    {
        var rewriter = new LiteralParameterizer();

        Assert.True(rewriter.TryRewrite(sql));
        Assert.Equal(shape, rewriter.Shape.ToString());
        Assert.Equal(values, string.Join("|", rewriter.Values.Select(v => Describe(sql, v))));
    }

    [Theory]
    [InlineData("UPDATE t SET a = a + 1 WHERE id = 1")]
    [InlineData("UPDATE t SET a = 1 + 2")]
    [InlineData("UPDATE t SET a = 1 WHERE id > 1")]
    [InlineData("UPDATE t SET a = 1 WHERE id <= 1")]
    [InlineData("UPDATE t SET a = 1 WHERE id == 1")]
    [InlineData("UPDATE t SET a = 1 WHERE id != 1")]
    [InlineData("UPDATE t SET a = 1 WHERE id = 1 OR id = 2")]
    [InlineData("UPDATE t SET a = 1 WHERE id = 1 = 0")]
    [InlineData("UPDATE t SET a = 1 WHERE (id = 1)")]
    [InlineData("UPDATE t SET a = 1 WHERE id IN (1, 2)")]
    [InlineData("UPDATE t SET a = 1 WHERE id = 1 COLLATE NOCASE")]
    [InlineData("UPDATE t SET (a, b) = (1, 2)")]
    [InlineData("UPDATE t SET a = 1 FROM u WHERE t.id = u.id")]
    [InlineData("UPDATE t SET a = 1 RETURNING a")]
    [InlineData("UPDATE t SET a = 1 WHERE id = ?")]
    [InlineData("UPDATE t SET a = 1e400")]
    [InlineData("UPDATE t SET a = 'a\0b'")]
    [InlineData("UPDATE t SET a = TRUE")]
    [InlineData("UPDATE t SET a = 1; UPDATE t SET a = 2")]
    [InlineData("UPDATE t AS x SET a = 1")]
    [InlineData("DELETE FROM t WHERE id = 1 LIMIT 1")]
    [InlineData("DELETE FROM t WHERE")]
    [InlineData("DELETE t WHERE id = 1")]
    [InlineData("WITH c AS (SELECT 1) DELETE FROM t WHERE id = 1")]
    public void Other_updates_and_deletes_are_not_rewritten(string sql)
    {
        Assert.False(new LiteralParameterizer().TryRewrite(sql));
    }

    [Fact]
    public void Updates_differing_only_in_values_have_one_shape()
    {
        var rewriter = new LiteralParameterizer();
        Assert.True(rewriter.TryRewrite("UPDATE t SET a = 1 WHERE id = 2"));
        var shape = rewriter.Shape.ToString();

        Assert.True(rewriter.TryRewrite("UPDATE t SET a = 'other' WHERE id = 99"));
        Assert.Equal(shape, rewriter.Shape.ToString());
    }

    [Fact]
    public void Random_update_and_delete_batches_leave_the_same_SQLite_tables_log_and_OLAP_rows_with_literals_bound_or_not()
    {
        var literal = Gen.Frequency((3, Gen.Elements(Literals)), (2, Gen.Choose(-50, 50).Select(i => i.ToString(CultureInfo.InvariantCulture))));
        var key = Gen.Choose(0, 12).Select(i => i.ToString(CultureInfo.InvariantCulture));
        var statement = Gen.Frequency(
            (4, from id in key from i in literal from s in literal select $"UPDATE c SET i = {i}, s = {s} WHERE id = {id}"),
            (2, from id in key from f in literal from b in literal select $"UPDATE c SET f = {f}, b = {b} WHERE id = {id} AND i = {id}"),
            (2, from id in key from i in literal select $"UPDATE c SET id = {i} WHERE id = {id}"),
            (1, from i in literal select $"UPDATE u SET a = {i}, n = {i} WHERE i = {i}"),
            (2, from id in key select $"DELETE FROM c WHERE id = {id}"),
            (1, from i in literal select $"DELETE FROM c WHERE s = {i}"));
        var batches = statement.ListOf().Select(s => s.ToList()).ListOf();
        var config = Config.QuickThrowOnFailure.WithMaxTest(40).WithEndSize(20).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Arb.From(batches), b => Task.Run(() => AssertSameOutcomeAsync(b.ToList())).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task A_value_the_registered_type_cannot_hold_after_bound_updates_rolls_back_the_whole_batch()
    {
        await using var engine = await OpenAsync(parameterize: true);
        await engine.SyncNowAsync();
        var statements = Enumerable.Range(0, 13)
            .Select(i => FormattableString.Invariant($"UPDATE c SET i = {i * 10}, s = 'changed' WHERE id = {i}"))
            .Append("UPDATE c SET i = 'not an integer' WHERE id = 3")
            .ToList();

        var error = await Assert.ThrowsAsync<YodaException>(() => engine.ExecuteBatchAsync(statements));

        Assert.Contains("batch statement 14 of 14 failed, nothing was applied", error.Message);
        Assert.Contains("column i of table c expects int64", error.Message);
        Assert.Equal(0, (await engine.SyncStatusAsync()).Lag);
        Assert.Equal(Enumerable.Range(0, 13).Select(i => (object?)(long)i), Olap.Rows(engine, "c").Select(r => r[1]).Order());
    }

    [Fact]
    public async Task Updates_and_deletes_differing_only_in_values_prepare_one_statement_each()
    {
        await using var engine = await OpenAsync(parameterize: true);
        var before = engine.Oltp.PreparedWrites;

        await engine.ExecuteBatchAsync(Enumerable.Range(0, 13)
            .Select(i => FormattableString.Invariant($"UPDATE c SET f = {i / 4.0:R}, s = 'row {i}' WHERE id = {i}"))
            .Concat(Enumerable.Range(0, 6).Select(i => FormattableString.Invariant($"DELETE FROM c WHERE id = {2 * i}"))));

        Assert.Equal(before + 2, engine.Oltp.PreparedWrites);
        Assert.Equal(13 + 13 + 6, (await engine.SyncStatusAsync()).Lag);
    }

    private static async Task<bool> AssertSameOutcomeAsync(List<List<string>> batches)
    {
        await using var bound = await OpenAsync(parameterize: true);
        await using var literal = await OpenAsync(parameterize: false);
        foreach (var batch in batches)
        {
            Assert.Equal(await OltpSnapshot.ErrorOfAsync(literal.ExecuteBatchAsync(batch)), await OltpSnapshot.ErrorOfAsync(bound.ExecuteBatchAsync(batch)));
        }

        foreach (var table in new[] { "u", "c", "_yoda_cdc_log" })
        {
            Assert.Equal(await OltpSnapshot.DumpAsync(literal, table), await OltpSnapshot.DumpAsync(bound, table));
        }

        await bound.SyncNowAsync();
        await literal.SyncNowAsync();
        Assert.Equal(Olap.Rows(literal, "c").Select(OltpSnapshot.DescribeRow), Olap.Rows(bound, "c").Select(OltpSnapshot.DescribeRow));
        return true;
    }

    /// <summary>Tables u and c (<see cref="OltpSnapshot.OpenTablesAsync"/>), 13 rows each.</summary>
    private static async Task<HtapEngine> OpenAsync(bool parameterize)
    {
        var engine = await OltpSnapshot.OpenTablesAsync(parameterize);
        await engine.ExecuteBatchAsync(Enumerable.Range(0, 13).SelectMany(i => new[]
        {
            FormattableString.Invariant($"INSERT INTO u VALUES ({i}, {i}, {i / 2.0:R}, 's{i}', X'0{i % 10}', {i}, {i})"),
            FormattableString.Invariant($"INSERT INTO c VALUES ({i}, {i}, {i / 2.0:R}, 's{i}', X'0{i % 10}')"),
        }));
        return engine;
    }

    private static string Describe(string sql, Literal value) => value.Kind switch
    {
        LiteralKind.Integer => "i:" + value.Integer.ToString(CultureInfo.InvariantCulture),
        LiteralKind.Real => "r:" + value.Real.ToString("R", CultureInfo.InvariantCulture),
        LiteralKind.Text or LiteralKind.EscapedText => "t:" + value.Characters(sql).ToString().Replace("''", "'", StringComparison.Ordinal),
        LiteralKind.Blob => "b:" + value.Characters(sql).ToString().ToUpperInvariant(),
        _ => "null",
    };
}
