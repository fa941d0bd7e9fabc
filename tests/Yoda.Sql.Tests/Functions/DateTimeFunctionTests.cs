using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// date, time, datetime, julianday, unixepoch, strftime and timediff against SQLite itself (the
/// Microsoft.Data.Sqlite build): time-value formats, modifiers, strftime conversions, invalid
/// input (NULL), per-row arguments and the classes of the results.
/// </summary>
public sealed class DateTimeFunctionTests
{
    private const string Script = """
        CREATE TABLE d(id INTEGER PRIMARY KEY, t TEXT, n REAL, i INTEGER, m TEXT, f TEXT);
        INSERT INTO d(t, n, i, m, f) VALUES
            ('2024-02-29 13:45:30.125', 2460369.5, 1709214330, '+1 month', '%Y/%m/%d %H'),
            ('2023-01-31', 2451544.5, 0, '-3 days', '%j %U %W %V %G %g'),
            ('1999-12-31T23:59:59', 0.0, -86400, 'start of month', '%s %f %J'),
            ('12:30', 5373484.4, 253402300799, 'weekday 3', '%e|%k|%l|%I|%p|%P'),
            ('2021-06-15 08:00:00+02:00', 1.5, 1000000000000, 'start of year', '%R %T %u %w'),
            ('-0044-03-15', NULL, NULL, NULL, '%%%F'),
            ('not a date', -1.0, 86400000, 'bogus', '%Q'),
            ('2020-02-30 25:00', 2459000.123456, 1600000000, '+1.5 years', '%Y'),
            (NULL, 2440587.5, 1, 'floor', NULL),
            ('2024-12-30', 2460675.0, 1735516800, '+0001-02-03 04:05:06', '%W %V %G %U'),
            ('0000-01-01 00:00:00Z', 2299160.5, 1234567890, '-12:30', '%j'),
            ('9999-12-31 23:59:59.999', 2816787.5, 4102444800, 'unixepoch', '%d');
        """;

    public static TheoryData<string> Queries => new(
    [
        "SELECT date('2024-02-29'), time('13:45'), datetime('2024-02-29 13:45:30.5'), julianday('2000-01-01'), unixepoch('1970-01-02')",
        "SELECT typeof(date('2024-01-01')), typeof(julianday('2024-01-01')), typeof(unixepoch('2024-01-01')), typeof(unixepoch('2024-01-01', 'subsec'))",
        "SELECT id, date(t), time(t), datetime(t), julianday(t), unixepoch(t) FROM d ORDER BY id",
        "SELECT id, date(n), datetime(n), julianday(n), date(i, 'unixepoch'), datetime(i, 'auto'), datetime(n, 'auto'), date(n, 'julianday') FROM d ORDER BY id",
        "SELECT id, date(t, m), datetime(t, m), datetime('2024-01-31 10:00', m), datetime(i, 'unixepoch', m) FROM d ORDER BY id",
        "SELECT id, strftime(f, t), strftime(f, '2024-03-10 07:08:09.987'), strftime('%Y-%m-%d', t, m) FROM d ORDER BY id",
        "SELECT date('2023-02-31'), date('2023-02-31', '+0 days'), date('2024-01-31', '+1 month'), date('2024-01-31', '+1 month', 'floor'), date('2024-01-31', '+1 month', 'ceiling'), date('2024-02-29', '+1 year'), date('2024-02-29', '+1 year', 'floor')",
        "SELECT datetime('2024-05-05 10:20:30', 'start of day'), datetime('2024-05-05 10:20:30', 'start of month'), datetime('2024-05-05', 'start of year', '+6 months', '-1 second'), date('2024-05-05', 'weekday 0'), date('2024-05-05', 'weekday 6'), date('2024-05-05', 'weekday 7')",
        "SELECT datetime('2024-01-01', '+1.5 days'), datetime('2024-01-01', '-90 minutes'), datetime('2024-01-01', '+3600 seconds'), datetime('2024-01-01', '+2.75 hours'), datetime('2024-01-01', '+1.5 months'), datetime('2024-01-01', '-2.5 years')",
        "SELECT datetime('2024-01-01 10:00', '+01:30'), datetime('2024-01-01 10:00', '-01:30:15.5'), datetime('2024-01-01', '+0001-02-03'), datetime('2024-03-31', '-0000-01-00'), datetime('2024-01-01', '+0001-02-03 04:05:06')",
        "SELECT datetime(1700000000, 'unixepoch'), datetime(1700000000.5, 'unixepoch', 'subsec'), unixepoch('2024-01-01 00:00:00.250', 'subsec'), datetime(2460000.25), datetime(2460000.25, 'auto'), datetime(1700000000, 'auto'), datetime(1700000000)",
        "SELECT time('12:00:01.2345', 'subsec'), datetime('2024-01-01 12:00:01.2345', 'subsecond'), strftime('%f %s', '2024-01-01 12:00:01.2345'), strftime('%s', '2024-01-01 12:00:01.2345', 'subsec')",
        "SELECT date('2024-01-01', 'unixepoch'), date(1, '+1 day', 'unixepoch'), date(0, 'auto', 'auto'), date(10, 'julianday'), date(10, '+1 day', 'julianday'), date('2024-01-01', 'julianday')",
        "SELECT date(''), date(' 2024-01-01'), date('2024-01-01 '), date('2024-1-01'), date('24-01-01'), date('2024-13-01'), date('2024-00-10'), date('2024-01-32'), date('2024-01-00')",
        "SELECT time('24:00'), time('23:60'), time('1:00'), datetime('2024-01-01T10:00'), datetime('2024-01-01   10:00:05'), datetime('2024-01-01 10:00z'), datetime('2024-01-01 10:00 -05:00'), datetime('2024-01-01 10:00+14:59'), datetime('2024-01-01 10:00+15:00')",
        "SELECT date('now') = CURRENT_DATE, datetime('now') = CURRENT_TIMESTAMP, time() = CURRENT_TIME, typeof(julianday()), unixepoch() - unixepoch('now'), strftime('%Y') = substr(CURRENT_DATE, 1, 4), date('NOW'), length(datetime('subsec'))",
        "SELECT date(NULL), date('2024-01-01', NULL), strftime(NULL, '2024-01-01'), strftime('%Y', NULL), timediff(NULL, '2024-01-01'), julianday(X'323032342D30312D3031'), date(X'00')",
        "SELECT strftime('%J', 2440614.16199359927), strftime('%J', 0.00001), strftime('%J', 1), strftime('%J', '2024-05-06 07:08:09.123'), strftime('%J', 5373484.4999)",
        "SELECT strftime('%'), strftime('%Y%'), strftime('abc'), strftime('', '2024-01-01'), strftime('%H%%%M', '2024-01-01 05:06'), strftime(7, '2024-01-01'), strftime('%Y', '2024-01-01', 'bad')",
        "SELECT timediff('2024-03-15', '2023-01-01'), timediff('2023-01-01', '2024-03-15 10:20:30.5'), timediff('2024-02-29', '2024-02-29'), timediff('2024-03-31', '2024-02-29 12:00'), timediff(2460000.5, 2450000.25), timediff('x', '2024-01-01')",
        "SELECT id, timediff(t, '2000-01-01'), timediff('2000-01-01', t), timediff(n, t) FROM d ORDER BY id",
        "SELECT date('-0044-03-15', '+10 years'), datetime('-4713-11-24 12:00'), julianday('-4713-11-24 12:00'), date('-4714-11-24'), date('9999-12-31', '+1 day'), julianday(-0.5), date(5373484.5), date(5373484.49)",
        "SELECT date('2024-01-01', '+1 DAYS'), date('2024-01-01', '+1days'), date('2024-01-01', ' +1 day'), date('2024-01-01', '+1 day '), date('2024-01-01', '+1 dayss'), date('2024-01-01', '+x days'), date('2024-01-01', 'Start Of Month'), date('2024-01-01', 'WEEKDAY 1'), date('2024-01-01', 'weekday 1.5')",
        "SELECT date('2024-01-01', '+1e2 days'), date('2024-01-01', '+.5 days'), date('2024-01-01', '5 days'), date('2024-01-01', '+176545 months'), date('2024-01-01', '+5373485 days'), date('2024-01-01', '+14712 years'), date('2024-01-01', '-7000 years')",
        "SELECT strftime('%Y-%W-%U-%V-%G-%g-%j-%u-%w', x) FROM (SELECT date('2019-12-25', '+' || value || ' days') AS x FROM (WITH RECURSIVE r(value) AS (SELECT 0 UNION ALL SELECT value + 1 FROM r WHERE value < 20) SELECT value FROM r)) ORDER BY x",
        "SELECT datetime(t, 'localtime'), datetime(t, 'utc'), datetime(t, 'localtime', 'utc'), datetime(i, 'unixepoch', 'localtime') FROM d ORDER BY id",
        "SELECT date(t) AS day, count(*) FROM d GROUP BY day ORDER BY day",
        "SELECT id FROM d WHERE date(t) > '2000-01-01' AND julianday(t) < julianday('2025-01-01') ORDER BY id",
    ]);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Give_sqlites_answer(string sql)
    {
        using var oracle = new ScriptOracle(Script);
        oracle.AssertSame(sql);
    }

    [Fact]
    public void Timediff_wants_two_arguments()
    {
        using var oracle = new ScriptOracle(Script);
        oracle.AssertSame("SELECT timediff('2024-01-01')");
    }
}
