using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;

namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// Property: inner joins of three to six tables of very different sizes (1 to 1,000 rows, INTEGER
/// keys over small ranges, some NULL), linked by a random tree of equalities plus random extra
/// equalities, non-equalities, single-table filters and comparisons of TEXT columns (some NULL, some not
/// ASCII) give SQLite's answers whatever order the
/// row estimates pick (<c>FromPlanner.JoinOrder</c>), implied equalities included; and, with the
/// tables cut into many small segments, the same answers at parallelism 1, 2 and 8 (the joins read
/// their inputs and offer their output as morsels).
/// </summary>
public sealed class JoinOrderProperties
{
    private static readonly int[] Sizes = [1, 5, 30, 200, 1000];

    [Property(MaxTest = 60)]
    public void Multi_way_joins_with_filters_match_sqlite(int seed)
    {
        var (script, queries) = Queries(new Random(seed));
        using var oracle = new ScriptOracle(script);
        foreach (var query in queries)
        {
            oracle.AssertSame(query);
        }
    }

    [Property(MaxTest = 30)]
    public void Multi_way_joins_over_many_segments_match_sqlite_at_parallelism_1_2_and_8(int seed)
    {
        var random = new Random(seed);
        var (script, queries) = Queries(random);
        var rowsPerSegment = random.Next(1, 40);
        using var oracle = new ScriptOracle(script, table => TableLayouts.Every(table, rowsPerSegment));
        foreach (var query in queries)
        {
            oracle.AssertSameAtEveryDegree(query);
        }

        // Without ORDER BY the rows come in the joins' own order, which must not depend on the thread count either.
        var unordered = queries[1][..queries[1].IndexOf(" ORDER BY", StringComparison.Ordinal)];
        var serial = oracle.YodaRows(unordered, new ExecutionOptions { Parallelism = 1 });
        Assert.Equal(serial, oracle.YodaRows(unordered, new ExecutionOptions { Parallelism = 2 }));
        Assert.Equal(serial, oracle.YodaRows(unordered, new ExecutionOptions { Parallelism = 8 }));
    }

    /// <summary>
    /// A script making the tables and queries joining them: sums of the joined rows, the first joined rows in order,
    /// groups of a text column, and a LEFT join of two tables' texts.
    /// </summary>
    private static (string Script, string[] Queries) Queries(Random random)
    {
        var tables = random.Next(3, 7);
        var script = new StringBuilder();
        for (var t = 0; t < tables; t++)
        {
            var rows = Sizes[random.Next(Sizes.Length)];

            // Each key value repeats a few times at most, so that a join's output stays near its larger input.
            var keys = Math.Max(rows / 2, random.Next(1, 40));
            var groups = Math.Max(rows / 4, random.Next(1, 30));
            script.Append(CultureInfo.InvariantCulture, $"CREATE TABLE t{t}(k{t} INTEGER, f{t} INTEGER, v{t} INTEGER, s{t} TEXT);");
            script.Append(CultureInfo.InvariantCulture, $"WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < {rows - 1}) ");
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO t{t} SELECT CASE WHEN n % 17 = {random.Next(0, 40)} THEN NULL ELSE (n + {random.Next(0, 50)}) % {keys} END, n % {groups}, n, ");

            // Texts of a few lengths, some NULL, some not ASCII: the joins keep them as stored bytes until read.
            script.Append(CultureInfo.InvariantCulture, $"CASE WHEN n % 13 = {random.Next(0, 20)} THEN NULL WHEN n % 5 = {random.Next(0, 8)} THEN 'é' || (n % 7) ELSE substr('abcdefghij', 1 + n % 4, n % 9) END FROM i;");
        }

        string Column(int t) => random.Next(0, 3) == 0 ? $"f{t}" : $"k{t}";
        var conjuncts = new List<string>();
        for (var t = 1; t < tables; t++)
        {
            conjuncts.Add($"{Column(random.Next(0, t))} = {Column(t)}");
        }

        for (var extra = random.Next(0, 3); extra > 0; extra--)
        {
            var (a, b) = (random.Next(0, tables), random.Next(0, tables));
            conjuncts.Add($"{Column(a)} {(random.Next(0, 3) == 0 ? "<" : "=")} {Column(b)}");
        }

        for (var filter = random.Next(0, 4); filter > 0; filter--)
        {
            var t = random.Next(0, tables);
            conjuncts.Add(random.Next(0, 4) switch { 0 => $"f{t} = {random.Next(0, 5)}", 1 => $"v{t} < {random.Next(0, 300)}", 2 => $"s{t} >= 'c'", _ => $"k{t} IS NOT NULL" });
        }

        if (random.Next(0, 2) == 0)
        {
            // Texts of two tables compared above their join.
            conjuncts.Add($"s{random.Next(0, tables)} {(random.Next(0, 2) == 0 ? "<" : "<>")} s{random.Next(0, tables)}");
        }

        var from = string.Join(", ", Enumerable.Range(0, tables).OrderBy(_ => random.Next()).Select(t => $"t{t}"));
        var where = string.Join(" AND ", conjuncts.OrderBy(_ => random.Next()));
        var sums = string.Join(", ", Enumerable.Range(0, tables).Select(t => $"sum(v{t})"));
        var columns = Enumerable.Range(0, tables).ToList();
        var grouped = random.Next(0, tables);
        return (script.ToString(),
        [
            $"SELECT count(*), {sums} FROM {from} WHERE {where}",
            $"SELECT {string.Join(", ", columns.Select(t => $"v{t}, s{t}"))} FROM {from} WHERE {where} ORDER BY {string.Join(", ", columns.Select(t => (2 * t) + 1))} LIMIT 50",
            $"SELECT s{grouped}, count(*), sum(v0), max(s{tables - 1}) FROM {from} WHERE {where} GROUP BY s{grouped} ORDER BY 2, 3, 1",
            $"SELECT v0, s0, v1, s1, length(s1) FROM t0 LEFT JOIN t1 ON {Column(0)} = {Column(1)} ORDER BY 1, 3 LIMIT 60",
        ]);
    }
}
