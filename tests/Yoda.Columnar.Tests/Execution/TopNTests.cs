using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Operators;

namespace Yoda.Columnar.Tests.Execution;

public sealed class TopNTests
{
    private static readonly SortKey[][] KeyLists =
    [
        [new SortKey(0, false, true)],
        [new SortKey(3, true, false), new SortKey(2, false, true)],
        [new SortKey(2, true, true)],
        [new SortKey(0, false, false), new SortKey(3, false, true), new SortKey(1, true, false)],
    ];

    /// <summary>
    /// A top-N that compacts and then drops rows against its worst kept row returns exactly the first
    /// rows of the full sort, ties (many: small keys, NULLs, both zeros) in input order.
    /// </summary>
    [Property(MaxTest = 40)]
    public bool Top_n_is_the_head_of_the_full_sort(int seed, byte budgetSeed)
    {
        var table = ParallelTables.Random(seed, segments: 60, huge: false);
        var budget = new[] { 1, 3, 10, 100, 1500 }[budgetSeed % 5];
        foreach (var keys in KeyLists)
        {
            var full = Render(new SortOperator(new ScanOperator(table, [0, 1, 2, 3]), keys, null, "full"));
            var top = Render(new SortOperator(new ScanOperator(table, [0, 1, 2, 3]), keys, budget, "top"));
            if (!top.SequenceEqual(full.Take(budget)))
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> Render(PhysicalOperator op) =>
        [.. op.Execute(default).SelectMany(chunk => chunk.Selection.Select(row =>
            string.Join("|", chunk.Columns.Select(c => c.GetValue(row) is double d ? d.ToString("R") + (double.IsNegative(d) ? "-" : "") : c.GetValue(row)?.ToString() ?? "NULL"))))];
}
