namespace Yoda.Bench.Workloads;

/// <summary>
/// A ClickBench-style web-analytics table 'hits' (a column subset of the real one, synthetic
/// values): skewed users, counters and URLs, mostly-empty search phrases, mostly-zero
/// AdvEngineID, dates of July 2013 as ISO text, and a nullable Duration (about 5% NULL) so that
/// NULL handling is exercised. All text is lower case, so LIKE means the same in every engine.
/// </summary>
public static class HitsGenerator
{
    private static readonly string[] Domains =
    [
        "google.com", "yandex.ru", "mail.ru", "example.org", "news.ru", "shop.com", "video.net",
        "google.ru", "maps.google.com", "auto.ru", "weather.com", "forum.org",
    ];

    private static readonly string[] Words =
    [
        "phone", "car", "weather", "news", "game", "music", "film", "map", "price", "buy", "cheap",
        "review", "download", "photo", "travel", "hotel", "ticket", "recipe", "book", "sport",
    ];

    public static TableData Generate(int rows)
    {
        var rng = new Rng(29);
        int users = Math.Max(1, rows / 10);
        int urls = Math.Max(10, Math.Min(100_000, rows / 20));
        var urlPool = Enumerable.Range(0, urls)
            .Select(i => $"http://{Domains[i % Domains.Length]}/{Words[(i / Domains.Length) % Words.Length]}/{i}")
            .ToArray();
        var phrases = Enumerable.Range(0, 5_000)
            .Select(i => $"{Words[i % Words.Length]} {Words[(i / Words.Length) % Words.Length]} {i}")
            .ToArray();
        int july1 = IsoDates.DayNumber(new DateOnly(2013, 7, 1));
        var watch = new long?[rows];
        var counter = new long?[rows];
        var date = new string?[rows];
        var user = new long?[rows];
        var url = new string?[rows];
        var referer = new string?[rows];
        var phrase = new string?[rows];
        var region = new long?[rows];
        var adv = new long?[rows];
        var width = new long?[rows];
        var refresh = new long?[rows];
        var duration = new long?[rows];
        for (int i = 0; i < rows; i++)
        {
            watch[i] = (long)(rng.NextULong() >> 1);
            counter[i] = rng.Skewed(1_000) + 1;
            date[i] = IsoDates.Text(july1 + (int)rng.Range(0, 30));
            user[i] = 1_000_000_000L + rng.Skewed(users);
            url[i] = urlPool[rng.Skewed(urls)];
            referer[i] = rng.Range(0, 2) == 0 ? "" : urlPool[rng.Skewed(urls)];
            phrase[i] = rng.Range(0, 9) == 0 ? phrases[rng.Skewed(phrases.Length)] : "";
            region[i] = rng.Skewed(300);
            adv[i] = rng.Range(0, 19) == 0 ? rng.Range(1, 30) : 0;
            width[i] = rng.Pick(Resolutions);
            refresh[i] = rng.Range(0, 9) == 0 ? 1 : 0;
            duration[i] = rng.Range(0, 19) == 0 ? null : rng.Range(0, 3_600);
        }

        return new TableData("hits",
        [
            ColumnData.Int("WatchID", watch), ColumnData.Int("CounterID", counter), ColumnData.Text("EventDate", date),
            ColumnData.Int("UserID", user), ColumnData.Text("URL", url), ColumnData.Text("Referer", referer),
            ColumnData.Text("SearchPhrase", phrase), ColumnData.Int("RegionID", region), ColumnData.Int("AdvEngineID", adv),
            ColumnData.Int("ResolutionWidth", width), ColumnData.Int("IsRefresh", refresh), ColumnData.Int("Duration", duration),
        ], []);
    }

    private static readonly long[] Resolutions = [1024, 1280, 1366, 1440, 1600, 1920, 2560, 360, 375, 414];
}
