using Apache.Arrow;
using FsCheck.Xunit;
using Yoda.Columnar.Execution.Scan;

namespace Yoda.Columnar.Tests.Execution;

public sealed class InListPredicateTests
{
    /// <summary>
    /// The scan's integer IN filter keeps exactly the selected non-NULL rows whose value is one of the
    /// constants, whether the constants form one run (tested as a range, also at the ends of the
    /// 64-bit range) or not, on dense and sparse selections.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Keeps_the_selected_rows_whose_value_is_listed(sbyte[] valueSeeds, sbyte[] constantSeeds, bool sparse, bool nearLimits, bool asRun)
    {
        if (valueSeeds.Length == 0 || constantSeeds.Length == 0)
        {
            return true;
        }

        var origin = nearLimits ? long.MaxValue - 130 : 0;
        long? Value(sbyte seed) => seed == sbyte.MinValue ? null : origin + seed;
        var values = valueSeeds.Select(Value).ToArray();
        var constants = asRun
            ? Enumerable.Range(constantSeeds[0] / 4, 1 + Math.Abs(constantSeeds[^1] % 6)).Select(i => origin + i).ToList()
            : constantSeeds.Where(s => s != sbyte.MinValue).Select(s => origin + s).ToList();
        if (constants.Count == 0)
        {
            return true;
        }

        var builder = new Int64Array.Builder();
        foreach (var value in values)
        {
            builder = value is { } v ? builder.Append(v) : builder.AppendNull();
        }

        var selected = Enumerable.Range(0, values.Length).Where(i => !sparse || i % 3 == 1).ToArray();
        if (selected.Length == 0)
        {
            return true;
        }

        var predicate = new InListPredicate(0, constants.Cast<object>().ToList(), "in");
        // Dense input says the rows are 0 .. count - 1 whatever the array holds: zeros here.
        var rows = sparse ? (int[])selected.Clone() : new int[selected.Length];
        var kept = predicate.Filter(builder.Build(), 0, rows, rows.Length, dense: !sparse);
        var expected = selected.Where(i => values[i] is { } v && constants.Contains(v));
        return rows[..kept].SequenceEqual(expected);
    }
}
