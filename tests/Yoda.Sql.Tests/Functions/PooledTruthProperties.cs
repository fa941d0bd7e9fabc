using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: AND / OR / NOT trees with NULLs give SQLite's answers wherever their truth values are read from
/// pooled arrays (<c>Truth.OfOperand</c>: a filter above the scan, HAVING, an inner join's residual, a LEFT
/// join's ON, whose rows are checked by order-free sums: see the session 25 tpch-joins results for the
/// order seen to differ) and in the result (not pooled at the top), over tables of several chunks, so that the arrays a
/// chunk gives back are rented again by the next: comparisons of two columns (not pushed into the scan),
/// bare INTEGER, REAL and TEXT columns as truth values (a chunk's own column, never given back), IS NULL,
/// NULL itself, at 1, 2 and 8 threads.
/// </summary>
public sealed class PooledTruthProperties
{
    private static readonly string[] Atoms =
    [
        "t.a < t.b", "t.b >= t.c", "t.a + t.b > {0}", "t.a = t.b", "t.s < 'm'", "t.a", "t.c", "t.s", "t.a IS NULL",
        "NULL", "t.b <> {0}", "t.c * 2 < t.a",
    ];

    private static readonly string[] GroupAtoms =
    [
        "count(*) > {0}", "sum(a) < {0}", "max(b) >= {0}", "min(c) < {0}.5", "sum(b) <> {0}", "max(a)", "min(c)", "max(s) < 'k'",
    ];

    private static readonly string[] JoinAtoms = ["u.x > t.b", "u.x = t.a + {0}", "u.y", "u.x < {0}", "t.c > u.x", "u.y IS NULL"];

    [Property(MaxTest = 20)]
    public void Logic_over_pooled_truth_values_matches_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 4) == 0 ? random.Next(0, 40) : random.Next(4000, 10000);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c REAL, s TEXT);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            script.Append(CultureInfo.InvariantCulture, $"({i}, {Integer(random)}, {Integer(random)}, {Real(random)}, {Text(random)})");
            script.Append(i % 500 == 499 || i == rows - 1 ? ";" : "");
        }

        // u: join keys in a's range, duplicated and NULL (its rows are never deleted).
        script.Append("CREATE TABLE u(k INTEGER, x INTEGER, y INTEGER);");
        for (var i = 0; i < 40; i++)
        {
            script.Append(i == 0 ? "INSERT INTO u VALUES " : ",");
            script.Append(CultureInfo.InvariantCulture, $"({Integer(random)}, {Integer(random)}, {Integer(random)})");
        }

        script.Append(';');
        using var oracle = TableLayouts.RandomlyCutWithDeletes(random, script.ToString(), rows);
        var e = Tree(random, Atoms, 3);
        var f = Tree(random, Atoms, 2);
        var having = Tree(random, GroupAtoms, 2);
        var on = Tree(random, JoinAtoms.Concat(Atoms).ToArray(), 2);
        string[] queries =
        [
            $"SELECT t.id, {e}, NOT ({f}) FROM t ORDER BY t.id",
            $"SELECT t.id FROM t WHERE {e} ORDER BY t.id",
            $"SELECT count(*), sum(t.a), total(t.c) FROM t WHERE NOT ({e}) OR {f}",
            $"SELECT t.b % 7 AS g, count(*) FROM t WHERE {f} GROUP BY g HAVING {having} ORDER BY g",
            $"SELECT t.a AS g, count(*), sum(t.b) FROM t GROUP BY t.a HAVING NOT ({having}) ORDER BY g",
            $"SELECT count(*), count(u.y), sum(u.x), sum(t.id * 100 + u.x), sum(t.id * 100 + u.y) FROM t JOIN u ON t.a = u.k AND {on}",
            $"SELECT count(*), count(u.y), sum(u.x), sum(t.id * 100 + u.x), sum(t.id * 100 + coalesce(u.y, 50)) FROM t LEFT JOIN u ON t.a = u.k AND {on}",
            $"SELECT count(*), sum(u.x) FROM t JOIN u ON t.b = u.k WHERE {on} OR NOT ({f})",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql.Replace("{0}", random.Next(-3, 12).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }
    }

    /// <summary>A random AND / OR / NOT tree of at most <paramref name="depth"/> levels over the atoms.</summary>
    private static string Tree(Random random, string[] atoms, int depth)
    {
        if (depth == 0 || random.Next(0, 4) == 0)
        {
            return atoms[random.Next(atoms.Length)].Replace("{0}", random.Next(-3, 12).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return random.Next(0, 5) switch
        {
            0 => $"NOT ({Tree(random, atoms, depth - 1)})",
            1 or 2 => $"({Tree(random, atoms, depth - 1)} AND {Tree(random, atoms, depth - 1)})",
            _ => $"({Tree(random, atoms, depth - 1)} OR {Tree(random, atoms, depth - 1)})",
        };
    }

    private static string Integer(Random random) => random.Next(0, 6) == 0 ? "NULL" : random.Next(-3, 12).ToString(CultureInfo.InvariantCulture);

    private static string Real(Random random) => random.Next(0, 6) == 0 ? "NULL" : (random.Next(-6, 12) / 2.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Text(Random random) => random.Next(0, 6) switch
    {
        0 => "NULL",
        1 => "'0'",
        2 => "'2x'",
        3 => "''",
        _ => $"'{(char)('a' + random.Next(0, 26))}'",
    };
}
