namespace Yoda.Bench.Workloads;

/// <summary>
/// Single-table scans in the style of ClickBench on 'hits': filtered counts, sums, LIKE, top-N
/// and COUNT(DISTINCT). ORDER BY never sorts on a nullable column (SQLite puts NULLs first,
/// DuckDB last), and every top-N breaks ties down to a key.
/// </summary>
public static class ClickBenchQueries
{
    public static IReadOnlyList<QueryDef> All { get; } =
    [
        new("cb-count", "clickbench", "SELECT COUNT(*) FROM hits", true),
        new("cb-count-filter", "clickbench", "SELECT COUNT(*) FROM hits WHERE AdvEngineID <> 0", true),
        new("cb-sum-avg", "clickbench", "SELECT SUM(AdvEngineID), COUNT(*), AVG(ResolutionWidth) FROM hits", true),
        new("cb-sum-3", "clickbench", "SELECT SUM(ResolutionWidth), SUM(ResolutionWidth + 1), SUM(ResolutionWidth + 2) FROM hits", true),
        new("cb-min-max-date", "clickbench", "SELECT MIN(EventDate), MAX(EventDate) FROM hits", true),
        new("cb-nulls", "clickbench", "SELECT COUNT(Duration), SUM(Duration), AVG(Duration), MIN(Duration), MAX(Duration) FROM hits", true),
        new("cb-distinct-users", "clickbench", "SELECT COUNT(DISTINCT UserID) FROM hits", true),
        new("cb-distinct-phrases", "clickbench", "SELECT COUNT(DISTINCT SearchPhrase) FROM hits", true),
        new("cb-adv-groups", "clickbench", """
            SELECT AdvEngineID, COUNT(*) AS c FROM hits WHERE AdvEngineID <> 0
            GROUP BY AdvEngineID ORDER BY c DESC, AdvEngineID
            """, true),
        new("cb-region-users", "clickbench", """
            SELECT RegionID, COUNT(DISTINCT UserID) AS u FROM hits
            GROUP BY RegionID ORDER BY u DESC, RegionID LIMIT 10
            """, true),
        new("cb-top-phrases", "clickbench", """
            SELECT SearchPhrase, COUNT(*) AS c FROM hits WHERE SearchPhrase <> ''
            GROUP BY SearchPhrase ORDER BY c DESC, SearchPhrase LIMIT 10
            """, true),
        new("cb-top-users", "clickbench", "SELECT UserID, COUNT(*) AS c FROM hits GROUP BY UserID ORDER BY c DESC, UserID LIMIT 10", true),
        new("cb-like-count", "clickbench", "SELECT COUNT(*) FROM hits WHERE URL LIKE '%google%'", true),
        new("cb-like-group", "clickbench", """
            SELECT SearchPhrase, MIN(URL) AS u, COUNT(*) AS c FROM hits
            WHERE URL LIKE '%google%' AND SearchPhrase <> ''
            GROUP BY SearchPhrase ORDER BY c DESC, SearchPhrase LIMIT 10
            """, true),
        new("cb-counter-dates", "clickbench", """
            SELECT CounterID, COUNT(*) AS c FROM hits
            WHERE EventDate >= '2013-07-01' AND EventDate <= '2013-07-15' AND IsRefresh = 0
            GROUP BY CounterID ORDER BY c DESC, CounterID LIMIT 10
            """, true),
        new("cb-top-urls", "clickbench", "SELECT URL, COUNT(*) AS c FROM hits GROUP BY URL ORDER BY c DESC, URL LIMIT 10", true),
        new("cb-topn-rows", "clickbench", """
            SELECT WatchID, EventDate, URL FROM hits WHERE URL LIKE '%.ru/%'
            ORDER BY EventDate, WatchID LIMIT 10
            """, true),
        new("cb-case-width", "clickbench", """
            SELECT CASE WHEN ResolutionWidth >= 1280 THEN 'desktop' ELSE 'mobile' END AS kind, COUNT(*) AS c,
                   SUM(CAST(IsRefresh AS INTEGER)) AS refreshes
            FROM hits WHERE RegionID IN (0, 1, 2, 3) GROUP BY CASE WHEN ResolutionWidth >= 1280 THEN 'desktop' ELSE 'mobile' END ORDER BY kind
            """, true),
    ];
}
