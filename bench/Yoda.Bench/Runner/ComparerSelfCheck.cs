using Yoda.Bench.Engines;

namespace Yoda.Bench.Runner;

/// <summary>
/// Runs before every comparison: a comparer that called everything equal would make the whole
/// suite a silent pass, so it must tell these crafted pairs apart (and accept the equal ones).
/// </summary>
public static class ComparerSelfCheck
{
    public static IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Expect(bool agree, object?[][] left, object?[][] right, bool ordered, string what)
        {
            var a = new QueryResult(left.Length == 0 ? 1 : left[0].Length, left);
            var b = new QueryResult(right.Length == 0 ? 1 : right[0].Length, right);
            if ((ResultComparer.Difference(a, b, ordered) is null) != agree)
            {
                problems.Add($"comparer self-check failed: {what}");
            }
        }

        Expect(true, [[1L, "a", 1.0]], [[1L, "a", 1.0 + 1e-12]], true, "reals within 1e-9 agree");
        Expect(false, [[1L, "a", 1.0]], [[1L, "a", 1.0 + 1e-6]], true, "reals 1e-6 apart disagree");
        Expect(false, [[1L]], [[2L]], true, "different integers disagree");
        Expect(false, [["a"]], [["A"]], true, "text compares exactly");
        Expect(false, [[null]], [[0L]], true, "NULL differs from 0");
        Expect(true, [[null]], [[null]], true, "NULL equals NULL");
        Expect(true, [[3L]], [[3.0]], true, "integer 3 equals real 3.0");
        Expect(false, [[1L], [2L]], [[2L], [1L]], true, "order matters under ORDER BY");
        Expect(true, [[1L], [2L]], [[2L], [1L]], false, "order ignored without ORDER BY");
        Expect(false, [[1L], [2L]], [[1L]], false, "row counts differ");
        Expect(false, [[1L], [1L], [2L]], [[1L], [2L], [2L]], false, "multisets differ");
        return problems;
    }
}
