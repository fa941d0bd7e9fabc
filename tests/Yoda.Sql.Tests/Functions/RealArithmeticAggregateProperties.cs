using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: REAL arithmetic in aggregate arguments (TPC-H Q1's and Q14's shapes: a term summed alone,
/// inside a larger product and inside a CASE branch) gives SQLite's answers to the bit, with NULLs,
/// -0.0, division by zero, infinities and their NaN results (NULL), over dense and filtered chunks.
/// </summary>
public sealed class RealArithmeticAggregateProperties
{
    private const string Table = "CREATE TABLE t(id INTEGER PRIMARY KEY, g TEXT, p REAL, d REAL, x REAL, v INTEGER);";

    private static readonly string[] Terms =
    [
        "p * (1 - d)", "p * (1 - d) * (1 + x)", "p / d", "(p - d) % 3", "-p + x", "abs(d) * 100", "p * v", "x / (d - 0.5)",
    ];

    [Property(MaxTest = 30)]
    public void Real_arithmetic_in_aggregates_matches_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 2) == 0 ? random.Next(0, 30) : random.Next(4000, 9000);
        var script = new StringBuilder(Table);
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            script.Append(CultureInfo.InvariantCulture, $"({i}, {Text(random)}, {Real(random)}, {Real(random)}, {Real(random)}, {(random.Next(0, 6) == 0 ? "NULL" : random.Next(-9, 9).ToString(CultureInfo.InvariantCulture))})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        using var oracle = new ScriptOracle(script.ToString());
        for (var q = 0; q < 4; q++)
        {
            var term = Terms[random.Next(Terms.Length)];
            var other = Terms[random.Next(Terms.Length)];
            var filter = random.Next(0, 2) == 0 ? "" : "WHERE id % 3 <> 1";
            oracle.AssertSame($"SELECT g, sum({term}), total({term} * (1 + x)), avg({term}), count({term}), min({term}), max({other}) FROM t {filter} GROUP BY g ORDER BY g");
            oracle.AssertSame($"SELECT sum(CASE WHEN g = 'a' THEN {term} ELSE 0 END), total({term}), sum({other} + {term}) FROM t {filter}");
        }
    }

    private static string Text(Random random) => random.Next(0, 4) switch { 0 => "NULL", 1 => "'a'", 2 => "'b'", _ => "'c'" };

    private static string Real(Random random) => random.Next(0, 12) switch
    {
        0 => "NULL",
        1 => "-0.0",
        2 => "0.0",
        3 => "1e308",
        4 => "-1e308",
        _ => (random.Next(-400, 400) / 8.0).ToString("R", CultureInfo.InvariantCulture),
    };
}
