using System.Globalization;
using System.Text;
using Xunit.Abstractions;
using Yoda.Testing.Comparison;

namespace Yoda.PropertyTests;

/// <summary>
/// Random time values (well-formed and not), modifiers and strftime formats: every date and time
/// function gives SQLite's answer, with constant modifiers (read once) and per-row ones alike.
/// </summary>
public sealed class DateTimeProperties(ITestOutputHelper output)
{
    private const int Rows = 12;

    private static readonly string[] Units = ["day", "days", "hour", "hours", "minute", "minutes", "second", "seconds", "month", "months", "year", "years", "DAYS", "week"];

    private static readonly string[] Words =
    [
        "start of month", "start of year", "start of day", "unixepoch", "auto", "julianday", "floor", "ceiling",
        "subsec", "subsecond", "localtime", "utc", "weekday 0", "weekday 3", "weekday 6", "weekday 7", "Start Of Month", "bogus", "",
    ];

    private const string Conversions = "deEfFGgHIjJklmMpPRsSTuUVwWY%Q";

    [Fact]
    public void Date_functions_give_sqlites_answer() =>
        OracleCases.Check("date functions", LoadCaseAsync, ciCases: 40, output);

    /// <summary>Creates and syncs table d{n} with random time values and modifiers; returns the queries over it.</summary>
    private static async Task<IReadOnlyList<string>> LoadCaseAsync(DifferentialOracle oracle, Random random, int n)
    {
        var table = $"d{n}";
        await oracle.Engine.ExecuteAsync($"CREATE TABLE {table}(id INTEGER PRIMARY KEY, s TEXT, r REAL, m TEXT, f TEXT)");
        await oracle.Engine.RegisterTableAsync(new Yoda.TableSchema(table, [("id", "int64"), ("s", "utf8"), ("r", "float64"), ("m", "utf8"), ("f", "utf8")], ["id"]));
        var values = new StringBuilder();
        for (var row = 1; row <= Rows; row++)
        {
            values.Append(row == 1 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({row}, {Literal(TimeText(random))}, {Number(random)}, {Literal(Modifier(random))}, {Literal(Format(random))})");
        }

        await oracle.Engine.ExecuteAsync($"INSERT INTO {table} VALUES {values}");
        await DifferentialOracle.SyncAllAsync(oracle.Engine);
        var m1 = Literal(Modifier(random));
        var m2 = Literal(Modifier(random));
        var f = Literal(Format(random));
        return
        [
            $"SELECT id, date(s), time(s), datetime(s), julianday(s), unixepoch(s), strftime(f, s), timediff(s, r) FROM {table} ORDER BY id",
            $"SELECT id, date(s, {m1}), datetime(s, {m1}, {m2}), julianday(r, {m1}), unixepoch(s, {m1}, {m2}), strftime({f}, s, {m1}, {m2}), time(r, {m2}) FROM {table} ORDER BY id",
            $"SELECT id, datetime(s, m), datetime(r, m, {m1}), strftime(f, r, m), unixepoch(r, m), datetime(s, {m1}, m) FROM {table} ORDER BY id",
        ];
    }

    private static string Literal(string? text) => text is null ? "NULL" : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Number(Random random) => random.Next(6) switch
    {
        0 => "NULL",
        1 => (random.NextDouble() * 5373484.5).ToString("R", CultureInfo.InvariantCulture),
        2 => random.NextInt64(-300000000000, 300000000000).ToString(CultureInfo.InvariantCulture),
        3 => (random.NextDouble() * 4e9 - 1e9).ToString("R", CultureInfo.InvariantCulture),
        4 => (2440000 + random.Next(30000) + random.Next(4) * 0.25).ToString("R", CultureInfo.InvariantCulture),
        _ => random.Next(-10, 10).ToString(CultureInfo.InvariantCulture),
    };

    private static string? TimeText(Random random)
    {
        switch (random.Next(12))
        {
            case 0: return null;
            case 1: return Number(random).Replace("NULL", "x", StringComparison.Ordinal);
            case 2: return Time(random);
            case 3: return Mutate(random, Date(random) + " " + Time(random));
        }

        var separator = random.Next(4) switch { 0 => "T", 1 => "  ", 2 => "", _ => " " };
        var text = Date(random) + (random.Next(4) == 0 ? "" : separator + Time(random));
        return random.Next(5) == 0 ? text + Zone(random) : text;
    }

    private static string Date(Random random)
    {
        var year = random.Next(10) switch { 0 => random.Next(0, 10000), 1 => random.Next(1, 100), 2 => 9999, _ => random.Next(1900, 2100) };
        var month = random.Next(12) == 0 ? random.Next(0, 14) : random.Next(1, 13);
        var day = random.Next(8) == 0 ? random.Next(0, 33) : random.Next(25, 32) - random.Next(25);
        var sign = random.Next(25) == 0 ? "-" : "";
        return sign + year.ToString("D4", CultureInfo.InvariantCulture) + "-" + month.ToString("D2", CultureInfo.InvariantCulture) + "-" + day.ToString("D2", CultureInfo.InvariantCulture);
    }

    private static string Time(Random random)
    {
        var hour = random.Next(15) == 0 ? 24 : random.Next(24);
        var text = hour.ToString("D2", CultureInfo.InvariantCulture) + ":" + random.Next(60).ToString("D2", CultureInfo.InvariantCulture);
        if (random.Next(4) > 0)
        {
            text += ":" + random.Next(60).ToString("D2", CultureInfo.InvariantCulture);
            if (random.Next(2) == 0)
            {
                text += "." + random.Next(100000).ToString("D5", CultureInfo.InvariantCulture)[..random.Next(1, 6)];
            }
        }

        return text;
    }

    private static string Zone(Random random) => random.Next(3) switch
    {
        0 => random.Next(2) == 0 ? "Z" : " z",
        _ => (random.Next(2) == 0 ? "+" : "-") + random.Next(16).ToString("D2", CultureInfo.InvariantCulture) + ":" + random.Next(60).ToString("D2", CultureInfo.InvariantCulture),
    };

    /// <summary>A character dropped, doubled or replaced: mostly invalid input.</summary>
    private static string Mutate(Random random, string text)
    {
        var at = random.Next(text.Length);
        return random.Next(3) switch
        {
            0 => text.Remove(at, 1),
            1 => text.Insert(at, text[at].ToString()),
            _ => text[..at] + "x:-. 9"[random.Next(6)] + text[(at + 1)..],
        };
    }

    private static string? Modifier(Random random)
    {
        var sign = random.Next(3) switch { 0 => "-", 1 => "+", _ => "" };
        switch (random.Next(10))
        {
            case 0: return null;
            case 1 or 2: return Words[random.Next(Words.Length)];
            case 3: return sign + random.Next(3).ToString("D4", CultureInfo.InvariantCulture) + "-" + random.Next(13).ToString("D2", CultureInfo.InvariantCulture) + "-" + random.Next(32).ToString("D2", CultureInfo.InvariantCulture) + (random.Next(3) == 0 ? " " + Time(random) : "");
            case 4: return sign + Time(random);
        }

        var amount = random.Next(4) switch
        {
            0 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
            1 => (random.NextDouble() * 100 - 50).ToString("F3", CultureInfo.InvariantCulture),
            2 => random.Next(-30, 30).ToString(CultureInfo.InvariantCulture),
            _ => random.NextInt64(-10000000, 10000000).ToString(CultureInfo.InvariantCulture),
        };
        return (amount.StartsWith('-') ? "" : sign) + amount + " " + Units[random.Next(Units.Length)];
    }

    private static string Format(Random random)
    {
        var text = new StringBuilder();
        var count = random.Next(1, 6);
        for (var k = 0; k < count; k++)
        {
            text.Append(random.Next(4) == 0 ? "-" : "");
            var c = Conversions[random.Next(Conversions.Length)];
            text.Append(c == 'Q' && random.Next(4) > 0 ? "%Y" : "%" + c);
        }

        return text.ToString();
    }
}
