using System.Globalization;
using System.Text;
using Xunit.Abstractions;
using Yoda.Testing.Comparison;

namespace Yoda.PropertyTests;

/// <summary>
/// REAL and INTEGER arithmetic feeding SUM, TOTAL, AVG and COUNT over tables of several chunks (so
/// pooled intermediates, constant operands, lanes over whole chunks and their tails, sparse
/// selections and the per-group sum loops all run): NULLs, NaN from infinities, values mixing
/// huge and tiny magnitudes, INTEGER widened to REAL and INTEGER sums that leave the 64-bit range
/// all give SQLite's answer, its compensated REAL sums bit for bit.
/// </summary>
public sealed class ChunkArithmeticProperties(ITestOutputHelper output)
{
    private const int Rows = 9_000;

    [Fact]
    public void Arithmetic_feeding_sums_gives_sqlites_answer() =>
        OracleCases.Check("chunk arithmetic", LoadCaseAsync, ciCases: 4, output);

    private static async Task<IReadOnlyList<string>> LoadCaseAsync(DifferentialOracle oracle, Random random, int n)
    {
        var table = $"a{n}";
        await oracle.Engine.ExecuteAsync($"CREATE TABLE {table}(id INTEGER PRIMARY KEY, g INTEGER, x REAL, y REAL, i INTEGER)");
        await oracle.Engine.RegisterTableAsync(new Yoda.TableSchema(table, [("id", "int64"), ("g", "int64"), ("x", "float64"), ("y", "float64"), ("i", "int64")], ["id"]));
        var withNulls = random.Next(2) == 0;
        for (var from = 1; from <= Rows; from += 1000)
        {
            var values = new StringBuilder();
            for (var row = from; row < from + 1000; row++)
            {
                values.Append(row == from ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({row}, {random.Next(5)}, {Real(random, withNulls)}, {Real(random, withNulls)}, {Integer(random, withNulls)})");
            }

            await oracle.Engine.ExecuteAsync($"INSERT INTO {table} VALUES {values}");
        }

        await DifferentialOracle.SyncAllAsync(oracle.Engine);
        return
        [
            $"SELECT g, SUM(x * (1 - y)), SUM(x * (1 - y) * (1 + y)), AVG(x), TOTAL(y - x), COUNT(x + y) FROM {table} GROUP BY g ORDER BY g",
            $"SELECT SUM(x * y), SUM(1.5 - x), AVG(x + i), SUM(y * 0.0) FROM {table} WHERE y < 50",
            $"SELECT SUM(i * 2), TOTAL(i), AVG(i - g), COUNT(i + 1) FROM {table} WHERE id % 3 <> 0",
            $"SELECT g, SUM(x), SUM(i), AVG(2.0 * i) FROM {table} GROUP BY g ORDER BY g",
        ];
    }

    private static string Real(Random random, bool withNulls) => random.Next(50) switch
    {
        0 => withNulls ? "NULL" : "0.5",
        1 => "1e308",
        2 => "-1e308",
        3 => "1e-300",
        4 => (1e16 + random.Next(100)).ToString("R", CultureInfo.InvariantCulture),
        _ => Math.Round(random.NextDouble() * 100, 2).ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Integer(Random random, bool withNulls) => random.Next(40) switch
    {
        0 => withNulls ? "NULL" : "7",
        1 => "4611686018427387904",
        2 => "-4611686018427387904",
        _ => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
    };
}
