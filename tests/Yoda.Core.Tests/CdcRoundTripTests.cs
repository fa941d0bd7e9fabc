using Microsoft.Data.Sqlite;

namespace Yoda.Core.Tests;

/// <summary>Every value survives SQLite -> CDC log -> OLAP exactly, in both sync modes.</summary>
public class CdcRoundTripTests
{
    public static TheoryData<SyncMode> Modes => new() { SyncMode.Destructive, SyncMode.Temporal };

    private static readonly object?[] Integers =
    [
        long.MinValue, long.MaxValue, 0L, -1L, 1L, (long)int.MaxValue + 1, -9007199254740993L, 9007199254740993L, null,
    ];

    private static readonly object?[] Reals =
    [
        0.0, -0.0, 1.0, -1.5, Math.PI, Math.E, 0.1, 1.0 / 3, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
        double.PositiveInfinity, double.NegativeInfinity, 1e-310, 123456789012345680.0, 5e-324, 2.2250738585072014E-308,
        0.30000000000000004, 1e21, 1e22, 9007199254740993.0, null,
    ];

    private static readonly object?[] Texts =
    [
        "", "plain", "it's \"quoted\"", "comma,separated,values", "nul\0inside", "\0", "ünïcödé ✓ 日本語 🦆",
        "line\nbreak\ttab", "'); DROP TABLE t; --", "n", "i42", null, new string('x', 10_000),
    ];

    private static readonly object?[] Blobs =
    [
        Array.Empty<byte>(), new byte[] { 0 }, new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), null,
    ];

    // ColumnarOnly: its texts include NUL characters, which the DuckDB backend refuses (DuckDbBackendTests checks the refusal).
    [Trait("Backend", "ColumnarOnly")]
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Values_survive_the_log_exactly(SyncMode mode)
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncMode = mode, SyncBatchSize = 100_000 });
        await engine.ExecuteAsync("CREATE TABLE v(id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, f ANY)");
        await engine.RegisterTableAsync(new TableSchema("v",
            [("id", "int64"), ("i", "int64"), ("r", "float64"), ("t", "utf8"), ("b", "binary"), ("f", "bool")], ["id"]));

        var random = new Random(20261125);
        var rows = new List<object?[]>();
        var count = new[] { Integers.Length, Reals.Length, Texts.Length, Blobs.Length }.Max() + 200;
        for (var id = 0; id < count; id++)
        {
            var real = id < Reals.Length ? Reals[id] : BitConverter.Int64BitsToDouble(random.NextInt64());
            if (real is double d && double.IsNaN(d))
            {
                real = 0.5;
            }

            rows.Add([
                (long)id,
                id < Integers.Length ? Integers[id] : random.NextInt64(long.MinValue, long.MaxValue),
                real,
                id < Texts.Length ? Texts[id] : RandomText(random),
                id < Blobs.Length ? Blobs[id] : RandomBytes(random),
                id % 3 == 2 ? null : (long)(id % 2),
            ]);
        }

        foreach (var row in rows)
        {
            await engine.ExecuteAsync("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)", row);
        }

        var result = await engine.SyncNowAsync();
        Assert.Equal(rows.Count, result.RowsInserted);

        var expected = await SqliteRowsAsync(engine);
        var actual = Olap.Rows(engine, "v").Select(r => r.Take(6).ToArray()).OrderBy(r => (long)r[0]!).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertSameRow(expected[i], actual[i]);
        }
    }

    [Fact]
    public async Task Negative_zero_and_extremes_keep_their_bits()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE z(id INTEGER PRIMARY KEY, r)");
        await engine.RegisterTableAsync(new TableSchema("z", [("id", "int64"), ("r", "double")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO z VALUES (1, ?), (2, ?), (3, ?)", [-0.0, double.MaxValue, double.Epsilon]);
        await engine.SyncNowAsync();
        var values = Olap.Rows(engine, "z").Select(r => BitConverter.DoubleToInt64Bits((double)r[1]!)).ToList();
        Assert.Equal(
            new[] { BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(double.MaxValue), BitConverter.DoubleToInt64Bits(double.Epsilon) },
            values);
    }

    private static async Task<List<object?[]>> SqliteRowsAsync(HtapEngine engine)
    {
        var batches = await engine.QueryAsync("SELECT id, i, r, t, b, f FROM v ORDER BY id");
        var rows = new List<object?[]>();
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                rows.Add(Enumerable.Range(0, 6).Select(c => Columnar.Storage.ArrowValues.Get(batch.Column(c), r)).ToArray());
            }
        }

        return rows;
    }

    private static void AssertSameRow(object?[] expected, object?[] actual)
    {
        for (var c = 0; c < expected.Length; c++)
        {
            switch (expected[c])
            {
                case double d:
                    Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits((double)actual[c]!));
                    break;
                case byte[] bytes:
                    Assert.Equal(bytes, (byte[])actual[c]!);
                    break;
                default:
                    Assert.Equal(expected[c], actual[c]);
                    break;
            }
        }
    }

    private static string RandomText(Random random)
    {
        var chars = new char[random.Next(0, 40)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(4) switch
            {
                0 => (char)random.Next(0, 128),
                1 => (char)random.Next(0x80, 0xD7FF),
                2 => "',\"\0n"[random.Next(5)],
                _ => (char)random.Next('a', 'z' + 1),
            };
        }

        return new string(chars);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 32)];
        random.NextBytes(bytes);
        return bytes;
    }
}
