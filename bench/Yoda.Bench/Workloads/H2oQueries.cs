namespace Yoda.Bench.Workloads;

/// <summary>
/// The H2O group-by questions that plain SQL of all three engines can ask (q1-q5, q7, q10;
/// q6 median/stddev, q8 top-2 per group and q9 corr have no SQLite built-in). Group order is
/// not fixed, so results are compared as multisets.
/// </summary>
public static class H2oQueries
{
    public static IReadOnlyList<QueryDef> All { get; } =
    [
        new("h2o-q1", "h2o", "SELECT id1, SUM(v1) AS v1 FROM x GROUP BY id1", false),
        new("h2o-q2", "h2o", "SELECT id1, id2, SUM(v1) AS v1 FROM x GROUP BY id1, id2", false),
        new("h2o-q3", "h2o", "SELECT id3, SUM(v1) AS v1, AVG(v3) AS v3 FROM x GROUP BY id3", false),
        new("h2o-q4", "h2o", "SELECT id4, AVG(v1) AS v1, AVG(v2) AS v2, AVG(v3) AS v3 FROM x GROUP BY id4", false),
        new("h2o-q5", "h2o", "SELECT id6, SUM(v1) AS v1, SUM(v2) AS v2, SUM(v3) AS v3 FROM x GROUP BY id6", false),
        new("h2o-q7", "h2o", "SELECT id3, MAX(v1) - MIN(v2) AS range_v1_v2 FROM x GROUP BY id3", false),
        new("h2o-q10", "h2o", """
            SELECT id1, id2, id3, id4, id5, id6, SUM(v3) AS v3, COUNT(*) AS count
            FROM x GROUP BY id1, id2, id3, id4, id5, id6
            """, false),
    ];
}
