using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;
using Yoda.Testing;
using Yoda.Testing.Comparison;
using Yoda.Testing.Queries;

namespace Yoda.PropertyTests;

/// <summary>A table, a predicate and result columns: one ternary-logic-partitioning case.</summary>
public sealed record PartitionCase(GeneratedTable Table, SqlExpr Predicate, IReadOnlyList<SqlExpr> Items, string Column, string? IntegerColumn)
{
    public override string ToString() =>
        $"\n{Table}-- predicate p: {Predicate}\n-- columns: {string.Join(", ", Items)}\n-- aggregated column: {Column}, summed column: {IntegerColumn ?? "(none)"}\n";

    public IEnumerable<PartitionCase> Shrink()
    {
        foreach (var t in Table.Shrink())
        {
            yield return this with { Table = t };
        }

        if (Items.Count > 1)
        {
            for (var i = 0; i < Items.Count; i++)
            {
                yield return this with { Items = Items.Where((_, j) => j != i).ToList() };
            }
        }

        foreach (var p in Predicate.Shrink())
        {
            yield return this with { Predicate = p };
        }
    }
}

/// <summary>
/// Metamorphic properties: they check Yoda's OLAP engine against itself, with no second engine
/// (plan independence, the third, is in <see cref="PlanIndependenceProperties"/>).
/// </summary>
public sealed class MetamorphicProperties(ITestOutputHelper output)
{
    private static readonly QueryOptions Grammar = DifferentialProperties.Grammar with
    {
        Features = DifferentialProperties.Grammar.Features & ~QueryFeatures.InvalidQueries,
    };

    private static Arbitrary<PartitionCase> Cases() =>
        Arb.From(
            from table in DataGen.Table("t", DifferentialProperties.Data)
            from p in QueryGen.Predicate(table, Grammar)
            from kinds in Gen.Elements(ExprKind.Integer, ExprKind.Real, ExprKind.Text, ExprKind.Blob).ArrayOf(2)
            from items in Gen.CollectToArray(kinds.Select(k => QueryGen.Expression(table, k, Grammar with { MaxDepth = 1 })))
            from column in Gen.Elements(table.Columns.Select(c => c.Name).ToArray())
            let narrow = table.Columns.Where(c => c.Type.Kind == ValueKind.Integer && c.Type != ColumnType.Int64 && c.Type != ColumnType.UInt64).Select(c => c.Name).ToArray()
            from summed in narrow.Length == 0 ? Gen.Constant<string?>(null) : Gen.Elements(narrow).Select(s => (string?)s)
            select new PartitionCase(table, p, items, column, summed),
            c => c.Shrink());

    private sealed class Counts
    {
        public int Checked, Unsupported;

        public override string ToString() => $"cases: {Checked} checked, {Unsupported} skipped because OLAP does not support a query yet or raised a run-time error (integer overflow, as SQLite does)";
    }

    /// <summary>Runs on OLAP; null when a query is not supported yet or fails at run time with a YodaException (abs(-2^63), SUM overflow: as in SQLite).</summary>
    private static async Task<ResultSet?> OlapAsync(DifferentialOracle oracle, string sql)
    {
        try
        {
            return ResultSet.FromArrow(await oracle.Engine.QueryOlapAsync(sql));
        }
        catch (YodaException e) when (DifferentialOracle.IsNotSupported(e) || e.Message.Contains("overflow", StringComparison.Ordinal))
        {
            return null;
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"OLAP failed on: {sql}\n{e.GetType().Name}: {e.Message}", e);
        }
    }

    private static string[] Partitions(string p) => [$"WHERE {p}", $"WHERE NOT ({p})", $"WHERE ({p}) IS NULL"];

    /// <summary>
    /// The distinct rows of the parts' union, each shown as the whole query shows its equal row, if it
    /// has one: of equal rows such as 0 and -0.0 (or 1 and 1.0) DISTINCT keeps the first it meets, and
    /// which comes first differs between the whole table and its partitions.
    /// </summary>
    private static List<object?[]> AsWholeShowsThem(List<object?[]> rows, IReadOnlyList<object?[]> whole) =>
        rows.Select(row => whole.FirstOrDefault(w => DistinctEqual(w, row)) ?? row).ToList();

    /// <summary>
    /// DISTINCT's equality: exact (SQL's: -0.0 = 0.0, and an INTEGER equals the REAL of the same
    /// value: one part's 100 and another's 100.0 are one row), not the comparison tolerance.
    /// </summary>
    private static bool DistinctEqual(object?[] a, object?[] b) => a.Zip(b).All(z => z switch
    {
        (double x, double y) => x == y,
        (long l, double d) => SameNumber(l, d),
        (double d, long l) => SameNumber(l, d),
        _ => ResultComparer.SameValue(z.First, z.Second),
    });

    /// <summary>Whether an INTEGER and a REAL are the same number, exactly, as SQLite compares them.</summary>
    private static bool SameNumber(long integer, double real) =>
        real >= -9223372036854775808.0 && real < 9223372036854775808.0 && (long)real == integer && real == Math.Truncate(real);

    private static bool TernaryPartitioningHolds(PartitionCase c, Counts counts) => PropertyRun.Sync(async () =>
    {
        await using var oracle = await DifferentialOracle.OpenAsync();
        await oracle.LoadAsync(c.Table);
        var p = c.Predicate.Render();
        var items = string.Join(", ", c.Items.Select(i => i.Render()));
        var col = c.Column;
        var sum = c.IntegerColumn is null ? "" : $", SUM({c.IntegerColumn})";
        var queries = new[]
        {
            ($"SELECT {items} FROM t", false, false),
            ($"SELECT DISTINCT {items} FROM t", true, false),
            ($"SELECT COUNT(*), COUNT({col}), MIN({col}), MAX({col}){sum} FROM t", false, true),
        };
        foreach (var (q, distinct, aggregates) in queries)
        {
            var whole = await OlapAsync(oracle, q);
            var parts = new List<ResultSet>();
            foreach (var w in Partitions(p))
            {
                var part = await OlapAsync(oracle, q + " " + w);
                if (part is null)
                {
                    break;
                }

                parts.Add(part);
            }

            if (whole is null || parts.Count < 3)
            {
                Interlocked.Increment(ref counts.Unsupported);
                return true;
            }

            ResultSet combined;
            if (aggregates)
            {
                combined = whole with { Rows = [CombineAggregates(parts.Select(r => r.Rows[0]).ToList(), c.IntegerColumn is not null)] };
            }
            else if (distinct)
            {
                // The parts' distinct rows are combined by the engine's UNION, as SQLancer's TLP does:
                // a part's mixed INTEGER/REAL column comes back as REAL, so 2^63 - 12 and 2^63 + 1
                // of two parts would look equal here after rounding.
                var union = await OlapAsync(oracle, string.Join(" UNION ", Partitions(p).Select(w => q + " " + w)));
                if (union is null)
                {
                    Interlocked.Increment(ref counts.Unsupported);
                    return true;
                }

                combined = whole with { Rows = AsWholeShowsThem(union.Rows.ToList(), whole.Rows) };
            }
            else
            {
                combined = whole with { Rows = parts.SelectMany(r => r.Rows).ToList() };
            }

            // Each result's dynamic columns take their Arrow type from their own rows: compare as one result would type them.
            var diff = ResultComparer.Difference(whole.WithArrowColumnTypes(), combined.WithArrowColumnTypes(), ordered: false);
            if (diff is not null)
            {
                var sb = new StringBuilder($"ternary logic partitioning fails for: {q}\n  partitions: {string.Join(" | ", Partitions(p))}\n  {diff}\n-- whole: {whole}");
                foreach (var (part, w) in parts.Zip(Partitions(p)))
                {
                    sb.Append($"\n-- {w}: {part}");
                }

                throw new InvalidOperationException(sb.ToString());
            }
        }

        Interlocked.Increment(ref counts.Checked);
        return true;
    });

    /// <summary>COUNT(*), COUNT(x), MIN(x), MAX(x)[, SUM(i)] of the whole from those of the parts.</summary>
    private static object?[] CombineAggregates(List<object?[]> parts, bool withSum)
    {
        var row = new object?[withSum ? 5 : 4];
        row[0] = parts.Sum(p => (long)p[0]!);
        row[1] = parts.Sum(p => (long)p[1]!);
        var values = parts.Select(p => p[2]).Where(v => v is not null).ToList();
        row[2] = values.Count == 0 ? null : values.Aggregate((a, b) => ResultComparer.CompareValues(a, b) <= 0 ? a : b);
        values = parts.Select(p => p[3]).Where(v => v is not null).ToList();
        row[3] = values.Count == 0 ? null : values.Aggregate((a, b) => ResultComparer.CompareValues(a, b) >= 0 ? a : b);
        if (withSum)
        {
            var sums = parts.Select(p => p[4]).Where(v => v is not null).ToList();
            row[4] = sums.Count == 0 ? null : sums.Sum(v => (long)v!);
        }

        return row;
    }

    [Fact]
    public void Ternary_logic_partitioning()
    {
        var counts = new Counts();
        PropertyRun.Check("ternary logic partitioning", Cases(), c => TernaryPartitioningHolds(c, counts), ciCases: 60, output, () => counts.ToString());
        Assert.True(counts.Checked > 0, "no case could be checked");
    }

    private static bool GroupPartitioningHolds(PartitionCase c, Counts counts) => PropertyRun.Sync(async () =>
    {
        await using var oracle = await DifferentialOracle.OpenAsync();
        await oracle.LoadAsync(c.Table);
        var key = c.Column;
        var x = c.Table.Columns[(c.Table.Columns.ToList().FindIndex(col => col.Name == key) + 1) % c.Table.Columns.Count].Name;
        var sum = c.IntegerColumn is null ? "" : $", SUM({c.IntegerColumn})";
        var aggregates = $"COUNT(*), COUNT({x}), MIN({x}), MAX({x}){sum}";
        var grouped = await OlapAsync(oracle, $"SELECT {key}, {aggregates} FROM t GROUP BY {key}");
        var total = await OlapAsync(oracle, $"SELECT COUNT(*), COUNT(DISTINCT {key}), COUNT(*) - COUNT({key}) FROM t");
        if (grouped is null || total is null)
        {
            Interlocked.Increment(ref counts.Unsupported);
            return true;
        }

        var (rows, distinct, nulls) = ((long)total.Rows[0][0]!, (long)total.Rows[0][1]!, (long)total.Rows[0][2]!);
        var groupCount = distinct + (nulls > 0 ? 1 : 0);
        if (grouped.Rows.Count != groupCount || grouped.Rows.Sum(r => (long)r[1]!) != rows)
        {
            throw new InvalidOperationException($"GROUP BY {key}: {grouped.Rows.Count} groups holding {grouped.Rows.Sum(r => (long)r[1]!)} rows; expected {groupCount} groups ({distinct} distinct values{(nulls > 0 ? " and NULL" : "")}) holding {rows} rows\n{grouped}");
        }

        foreach (var g in grouped.Rows.Take(8))
        {
            var where = g[0] is null ? $"{key} IS NULL" : $"{key} = {SqlLiteral.Render(g[0])}";
            var sql = $"SELECT {aggregates} FROM t WHERE {where}";
            var one = await OlapAsync(oracle, sql);
            if (one is null)
            {
                Interlocked.Increment(ref counts.Unsupported);
                return true;
            }

            // Typed together, as one result holding both rows would be (a dynamic column's type comes from its rows).
            var both = new ResultSet(one.Columns, [g.Skip(1).ToArray(), .. one.Rows]).WithArrowColumnTypes();
            var expected = new ResultSet(one.Columns, [both.Rows[0]]);
            var diff = ResultComparer.Difference(expected, both with { Rows = both.Rows.Skip(1).ToList() }, ordered: true, compareNames: false);
            if (diff is not null)
            {
                throw new InvalidOperationException($"the group {ResultSet.Show(g[0])} of GROUP BY {key} differs from {sql}: {diff}\n-- grouped: {grouped}\n-- filtered: {one}");
            }
        }

        Interlocked.Increment(ref counts.Checked);
        return true;
    });

    [Fact]
    public void Group_by_partitions_the_aggregates()
    {
        var counts = new Counts();
        PropertyRun.Check("GROUP BY partitioning", Cases(), c => GroupPartitioningHolds(c, counts), ciCases: 100, output, () => counts.ToString());
        Assert.True(counts.Checked > 0, "no case could be checked");
    }
}
