using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;

namespace Yoda.Core.Tests;

/// <summary>
/// ExecuteBatchAsync runs INSERTs that differ only in their literals through one prepared
/// statement with the literals bound. Differential: the same batch with that rewriting on and off
/// leaves byte-identical SQLite tables and CDC logs, the same OLAP rows, and the same error.
/// </summary>
public sealed class BatchParameterizationTests
{
    /// <summary>Literals that SQLite reads in ways easy to get wrong, and expressions that must stay text.</summary>
    private static readonly string[] EdgeLiterals =
    [
        "0", "-0", "1", "-1", "007", "9223372036854775807", "-9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "18446744073709551616", "0.0", "-0.0", ".5", "5.", "1e3", "1E-3", "-1.5e-20", "1e22", "1e23", "1.5e-22", "123456789012345.6",
        "1234567890123456.7", "0.1", "0.30000000000000004", "1e308", "1e309", "-1e309", "4.9e-324", "2.2250738585072014e-308",
        "''", "'abc'", "'a\0b'", "'it''s'", "'12'", "' 12 '", "'1e5'", "'-0.0'", "'0x10'", "'é'", "'\ud83d\ude00'", "'a;b'", "'--x'", "'/*'", "'NULL'",
        "X''", "X'00ff'", "x'AbCd'", "NULL", "null", "TRUE", "FALSE", "1 + 2", "abs(-3)", "'a' || 'b'", "-'5'", "+'x'",
        "CAST('7' AS INTEGER)", "- 5", "+7", "- -5", "-X'01'",
    ];

    private static readonly Gen<string> RandomInteger =
        Gen.Choose(int.MinValue, int.MaxValue).Two().Select(p => (((long)p.Item1 << 32) | (uint)p.Item2).ToString(CultureInfo.InvariantCulture));

    private static readonly Gen<string> RandomReal = Gen.OneOf(
        Gen.Choose(-1_000_000, 1_000_000).Two().Select(p => FormattableString.Invariant($"{p.Item1 / 1000.0:R}e{p.Item2 % 40}")),
        Gen.Choose(-1_000_000_000, 1_000_000_000).Select(n => (n / 7.0).ToString("R", CultureInfo.InvariantCulture)));

    private static readonly Gen<string> RandomText =
        Gen.Elements("a", "'", "é", ";", "-", "0", " ", "x").ArrayOf().Select(parts => "'" + string.Concat(parts).Replace("'", "''", StringComparison.Ordinal) + "'");

    private static readonly Gen<string> RandomBlob =
        Gen.Choose(0, 255).ArrayOf().Select(bytes => "X'" + Convert.ToHexString(bytes.Select(b => (byte)b).ToArray()) + "'");

    private static readonly Gen<string> AnyLiteral = Gen.Frequency(
        (4, Gen.Elements(EdgeLiterals)), (2, RandomInteger), (2, RandomReal), (2, RandomText), (1, RandomBlob));

    /// <summary>Per registered column type of table c: mostly values the type holds, sometimes anything (which the trigger refuses).</summary>
    private static readonly Gen<string>[] Typed =
    [
        Gen.OneOf(RandomInteger, Gen.Elements("0", "-0", "007", "9223372036854775807", "-9223372036854775807", "+7", "- 5", "NULL")),
        Gen.OneOf(RandomReal, RandomInteger, Gen.Elements("-0.0", ".5", "5.", "1e22", "1e23", "1e309", "0.30000000000000004", "NULL")),
        Gen.OneOf(RandomText, Gen.Elements("''", "'it''s'", "'\ud83d\ude00'", "NULL")), // text with NUL only in table u: the DuckDB backend refuses it
        Gen.OneOf(RandomBlob, Gen.Elements("X''", "x'AbCd'", "NULL")),
    ];

    private static readonly Gen<string[]> TypedRow =
        Gen.CollectToArray(Typed.Select(t => Gen.Frequency((19, t), (1, AnyLiteral.Where(l => !l.Contains('\0'))))));

    [Fact]
    public void A_batch_leaves_the_same_SQLite_tables_log_and_OLAP_rows_with_literals_bound_or_not()
    {
        var batches =
            from anyRows in Gen.Choose(1, 3).SelectMany(width => AnyLiteral.ArrayOf(6).ArrayOf(width)).ArrayOf()
            from typedRows in Gen.Choose(1, 3).SelectMany(width => TypedRow.ArrayOf(width)).ArrayOf()
            select (Untyped: Inserts("u (id, i, r, s, b, n, a)", anyRows), Typed: Inserts("c (id, i, f, s, b)", typedRows));
        var config = Config.QuickThrowOnFailure.WithMaxTest(60).WithEndSize(30).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Arb.From(batches), b =>
            Task.Run(() => AssertSameOutcomeAsync(b.Untyped, b.Typed)).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task A_failing_statement_after_bound_inserts_rolls_back_the_whole_batch()
    {
        await using var engine = await OltpSnapshot.OpenTablesAsync(parameterize: true);
        var statements = Enumerable.Range(0, 500)
            .Select(i => FormattableString.Invariant($"INSERT INTO c (id, i, f, s, b) VALUES ({i}, {i}, {i * 0.25:R}, 's{i}', X'0{i % 10}')"))
            .Append("INSERT INTO c (id, i, f, s, b) VALUES (1000, 'not an integer', 0.5, 's', X'00')")
            .ToList();

        var error = await Assert.ThrowsAsync<YodaException>(() => engine.ExecuteBatchAsync(statements));

        Assert.Contains("batch statement 501 of 501 failed, nothing was applied", error.Message);
        Assert.Contains("column i of table c expects int64", error.Message);
        Assert.Equal(0, await CountAsync(engine, "SELECT count(*) FROM c"));
        Assert.Equal(0, (await engine.SyncStatusAsync()).Lag);
    }

    [Fact]
    public async Task Inserts_differing_only_in_values_prepare_one_statement()
    {
        await using var engine = await OltpSnapshot.OpenTablesAsync(parameterize: true);
        var before = engine.Oltp.PreparedWrites;

        await engine.ExecuteBatchAsync(Enumerable.Range(0, 1000)
            .Select(i => FormattableString.Invariant($"INSERT INTO c (id, i, f, s, b) VALUES ({i}, {-i}, {i / 8.0:R}, 'row {i}', NULL)")));

        Assert.Equal(before + 1, engine.Oltp.PreparedWrites);
        Assert.Equal(1000, await CountAsync(engine, "SELECT count(*) FROM c"));
        Assert.Equal(1000, (await engine.SyncStatusAsync()).Lag);
    }

    /// <summary>One INSERT per element of <paramref name="statements"/>, each of one or more rows with ids in order.</summary>
    private static List<string> Inserts(string target, string[][][] statements) =>
        statements.Select((rows, k) => $"INSERT INTO {target} VALUES "
            + string.Join(", ", rows.Select((values, j) => $"({(k * 10) + j}, {string.Join(", ", values)})"))).ToList();

    private static async Task<bool> AssertSameOutcomeAsync(List<string> untyped, List<string> typed)
    {
        await using var bound = await OltpSnapshot.OpenTablesAsync(parameterize: true);
        await using var literal = await OltpSnapshot.OpenTablesAsync(parameterize: false);
        foreach (var batch in new[] { untyped, typed })
        {
            var boundError = await OltpSnapshot.ErrorOfAsync(bound.ExecuteBatchAsync(batch));
            var literalError = await OltpSnapshot.ErrorOfAsync(literal.ExecuteBatchAsync(batch));
            Assert.Equal(literalError, boundError);
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

    private static Task<long> CountAsync(HtapEngine engine, string sql) =>
        engine.Oltp.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }, CancellationToken.None);

}
