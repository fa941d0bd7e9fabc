using System.Globalization;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using Yoda.Columnar.Kernels;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Random printf conversions (flags, width, precision) of random values: SqlPrintf gives SQLite's
/// text, and a REAL's digits are SQLite's at every precision (FpDecoder).
/// </summary>
public sealed class PrintfPropertyTests(ITestOutputHelper output)
{
    private const string Flags = "-+ #!0,";
    private const string Conversions = "dixXofeEgGsqQwc%";

    [Theory]
    [InlineData(20261125)]
    [InlineData(0)]
    public void Random_formats_match_sqlite(int fixedSeed)
    {
        var (seed, random) = Seeded(fixedSeed);
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        for (var i = 0; i < 1500; i++)
        {
            var format = RandomFormat(random);
            var value = RandomValue(random);

            using var command = sqlite.CreateCommand();
            command.CommandText = "SELECT printf($f, $v)";
            command.Parameters.AddWithValue("$f", format);
            command.Parameters.AddWithValue("$v", value ?? DBNull.Value);
            var expected = command.ExecuteScalar() as string;
            var actual = SqlPrintf.Format([format, value]);
            Assert.True(expected == actual, $"seed {seed}: printf('{format}', {Render(value)}): SQLite '{expected}', Yoda '{actual}'");
        }
    }

    [Theory]
    [InlineData(20261126)]
    [InlineData(0)]
    public void Real_conversions_match_sqlite_at_every_precision(int fixedSeed)
    {
        var (seed, random) = Seeded(fixedSeed);
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        for (var i = 0; i < 3000; i++)
        {
            var flags = new string(Enumerable.Range(0, random.Next(3)).Select(_ => Flags[random.Next(Flags.Length)]).ToArray());
            var width = random.Next(4) == 0 ? random.Next(30).ToString(CultureInfo.InvariantCulture) : string.Empty;
            var precision = random.Next(4) > 0 ? "." + random.Next(32).ToString(CultureInfo.InvariantCulture) : string.Empty;
            var format = $"<%{flags}{width}{precision}{"feEgG"[random.Next(5)]}>";
            var value = AnyReal(random);
            using var command = sqlite.CreateCommand();
            command.CommandText = "SELECT printf($f, $v), CAST($v AS TEXT)";
            command.Parameters.AddWithValue("$f", format);
            command.Parameters.AddWithValue("$v", value);
            using var reader = command.ExecuteReader();
            reader.Read();
            var expected = reader.GetString(0);
            var actual = SqlPrintf.Format([format, value]);
            Assert.True(expected == actual, $"seed {seed}: printf('{format}', {Render(value)}): SQLite '{expected}', Yoda '{actual}'");
            Assert.Equal(reader.GetString(1), RealFormatter.Format(value));
        }
    }

    /// <summary>Doubles of every kind: any bit pattern, short decimals, exact binary ties, integers, subnormals.</summary>
    private static double AnyReal(Random random)
    {
        double value;
        do
        {
            value = random.Next(7) switch
            {
                0 => BitConverter.Int64BitsToDouble(random.NextInt64()),
                1 => Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(1, 9)), random.Next(8)),
                2 => random.Next(-100000, 100000) / Math.Pow(2, random.Next(12)),
                3 => random.NextInt64(-(1L << 60), 1L << 60),
                4 => random.NextDouble() * double.Epsilon * random.Next(1, 1 << 20),
                5 => new[] { 40.3735, 2.0005, 250.0, 0.125, 2.5, 9.995, 0.05, 1e22, 5e-324, double.MaxValue }[random.Next(10)],
                _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)),
            };
        }
        while (!double.IsFinite(value));

        return value;
    }

    /// <summary>The fixed seed, or a fresh one when it is 0, written to the test output.</summary>
    private (int Seed, Random Random) Seeded(int fixedSeed)
    {
        var seed = fixedSeed != 0 ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        return (seed, new Random(seed));
    }

    private static string RandomFormat(Random random)
    {
        var flags = new string(Enumerable.Range(0, random.Next(3)).Select(_ => Flags[random.Next(Flags.Length)]).ToArray());
        var width = random.Next(3) == 0 ? random.Next(25).ToString(CultureInfo.InvariantCulture) : string.Empty;
        var precision = random.Next(2) == 0 ? "." + random.Next(22).ToString(CultureInfo.InvariantCulture) : string.Empty;
        var conversion = Conversions[random.Next(Conversions.Length)];
        return $"<%{flags}{width}{precision}{conversion}>";
    }

    private static object? RandomValue(Random random) => random.Next(9) switch
    {
        0 => null,
        1 => (long)random.Next(-100000, 100000),
        2 => random.NextInt64(long.MinValue, long.MaxValue),
        3 => Math.Round((random.NextDouble() - 0.5) * 2000, random.Next(6)),
        4 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)),
        5 => new[] { 0.0, -0.0, 0.5, 1.5, 2.5, 0.125, 1e15, 123456789.0, 9.995, 0.05 }[random.Next(10)],
        6 => new[] { "", "abc", "it's", "a\"b", "Ωmega", "12abc", "3.5", "emoji😀" }[random.Next(8)],
        7 => random.NextDouble() * 1e300 * (random.Next(2) == 0 ? 1 : -1),
        _ => (long)random.Next(-20, 20),
    };

    private static string Render(object? value) => value switch
    {
        null => "NULL",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => "'" + s + "'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
