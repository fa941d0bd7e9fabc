using System.Globalization;

namespace Yoda.Sql.Tests.Differential;

/// <summary>
/// Expressions whose storage class SQLite decides per row (integer overflow to REAL, CASE and
/// coalesce over mixed kinds, arithmetic on TEXT, CAST AS NUMERIC): Yoda's rows must be SQLite's,
/// class for class. SQLite's rows are first typed by the OLTP result convention (a column of
/// INTEGERs is Int64, with REALs Double, with TEXT String), which Yoda's dynamic columns follow too;
/// per-row classes show through typeof() and text rendering, which are compared exactly.
/// </summary>
public sealed class PerRowTypeTests(SampleData data) : IClassFixture<SampleData>
{
    public static TheoryData<string> Queries => new(
    [
        // 1. INTEGER overflow turns the row's value to REAL.
        "SELECT 9223372036854775807 + 1, -9223372036854775807 - 2, 4611686018427387904 * 2, typeof(9223372036854775807 + 1)",
        "SELECT id, big, big * 4, typeof(big * 4), big + big, big - 1, (big * 4) || '', CAST(big * 4 AS TEXT) FROM t ORDER BY id",
        "SELECT id, big * 4 > 1e18, big * 4 = big * 4.0, big + big < 0 FROM t ORDER BY id",
        "SELECT id FROM t WHERE big * 4 > 9.3e18 OR big + big < -9.3e18 ORDER BY id",
        "SELECT id, big * 4 AS x FROM t WHERE big IS NOT NULL ORDER BY x, id",
        "SELECT MAX(big * 4), MIN(big * 4), typeof(MAX(big * 4)), typeof(MIN(big * 4)), COUNT(big * 4) FROM t",
        "SELECT g, MAX(big * 2), typeof(MIN(big * 2)), group_concat(big * 2) FROM t GROUP BY g ORDER BY g",
        "WITH c(x) AS (SELECT -9223372036854775807 - 1) SELECT -x, typeof(-x), x / -1, typeof(x / -1), x % -1 FROM c",
        "SELECT id, -(big - 1), typeof(-(big - 1)) FROM t WHERE big < -9000000000000000000 ORDER BY id",
        "SELECT SUM(i32 * 4611686018427387904) IS NOT NULL, typeof(SUM(i32 * 4611686018427387904)) FROM t",

        // % with a REAL operand takes the remainder of both operands as INTEGERs (the INTEGER one exactly).
        "SELECT 9007199254740993 % 10.0, -9223372036854775807 % -1.8446744073709552E19, 7 % 2.5, 7.9 % 2, -7 % 2.0, 5 % 0.5, typeof(5 % 0.5), 5 % -1.0, (-9223372036854775807 - 1) % -1.0",
        "SELECT id, big % 10.0, big % (d + 1), d % (big + 0.0), typeof(big % 2.5), big % (big + big), (big + big) % big, s % 2.5 FROM t ORDER BY id",

        // 2. CASE, coalesce, ifnull, iif and multi-argument min/max over mixed kinds keep each row's class.
        "SELECT CASE WHEN 1 THEN 1 ELSE 2.5 END, CASE WHEN 1 THEN 1 ELSE 2.5 END || '', typeof(iif(0, 1, 2.5)), coalesce(NULL, 3, 2.5) || ''",
        "SELECT id, CASE WHEN id % 2 = 0 THEN i32 ELSE d END AS v, typeof(CASE WHEN id % 2 = 0 THEN i32 ELSE d END), (CASE WHEN id % 2 = 0 THEN i32 ELSE d END) || '' FROM t ORDER BY id",
        "SELECT id, CASE WHEN id % 3 = 0 THEN i32 WHEN id % 3 = 1 THEN d ELSE s END AS v, typeof(CASE WHEN id % 3 = 0 THEN i32 WHEN id % 3 = 1 THEN d ELSE s END) FROM t ORDER BY id",
        "SELECT id, coalesce(i32, d), typeof(coalesce(i32, d)), ifnull(d, i8) || '', iif(b, i32, s), typeof(iif(b, i32, s)) FROM t ORDER BY id",
        "SELECT id, max(i32, d), min(i32, d, s), typeof(max(i32, d)), typeof(min(i32, d, s)) FROM t ORDER BY id",
        "SELECT id, CAST(CASE WHEN b THEN i32 ELSE d END AS TEXT), CAST(CASE WHEN b THEN i32 ELSE d END AS INTEGER), CAST(CASE WHEN b THEN i32 ELSE s END AS REAL) FROM t ORDER BY id",
        "SELECT id FROM t WHERE CASE WHEN b THEN i32 ELSE d END > 10 ORDER BY id",
        "SELECT id, CASE WHEN b THEN i32 ELSE s END = s, CASE WHEN b THEN i32 ELSE s END < 100, CASE WHEN b THEN i32 ELSE s END = i32 FROM t ORDER BY id",
        "SELECT id, g = CASE WHEN b THEN 1 ELSE 'x' END, s > CASE WHEN b THEN 12 ELSE 3.5 END FROM t ORDER BY id",
        "SELECT id, CASE WHEN b THEN i32 ELSE s END AS v FROM t ORDER BY v, id",
        "SELECT id, CASE WHEN b THEN i32 ELSE d END AS v FROM t ORDER BY v DESC, id LIMIT 20",
        "SELECT g, SUM(CASE WHEN b THEN 1 ELSE 0.5 END), typeof(SUM(CASE WHEN b THEN 1 ELSE 0.5 END)), SUM(CASE WHEN b THEN 1 ELSE 2 END), typeof(SUM(CASE WHEN b THEN 1 ELSE NULL END)) FROM t GROUP BY g ORDER BY g",
        "SELECT g, MAX(CASE WHEN b THEN i32 ELSE d END), typeof(MAX(CASE WHEN b THEN i32 ELSE d END)), MIN(CASE WHEN b THEN i32 ELSE s END), AVG(CASE WHEN b THEN i32 ELSE d END), TOTAL(CASE WHEN b THEN i8 ELSE d END) FROM t GROUP BY g ORDER BY g",
        "SELECT g, group_concat(CASE WHEN b THEN i8 ELSE d END, ';'), COUNT(CASE WHEN b THEN i8 ELSE d END) FROM t WHERE id < 100 GROUP BY g ORDER BY g",
        "SELECT x, typeof(x) FROM (SELECT CASE WHEN id > 0 THEN 1 ELSE 2.5 END AS x FROM t WHERE id < 5)",
        "SELECT id, (SELECT CASE WHEN t.b THEN 1 ELSE 2.5 END), typeof((SELECT CASE WHEN t.b THEN 1 ELSE 2.5 END)) FROM t WHERE id < 30 ORDER BY id",

        // 3. Arithmetic on TEXT reads each text as a number: INTEGER or REAL per row.
        "SELECT id, s, s + 1, typeof(s + 1), s * 2, s - i32, s / 2, s % 3, 1 + s || '', s + 0.5 FROM t ORDER BY id",
        "SELECT id, s + s, typeof(s * s), g + 1, bin + 1, typeof(bin + 1) FROM t ORDER BY id",
        "SELECT id FROM t WHERE s + 0 > 5 ORDER BY id",
        "SELECT lower(NULL) + 3, -upper(NULL), CAST(NULL AS TEXT) * s FROM t WHERE id < 3",
        "SELECT SUM(s + 1), typeof(SUM(s + 1)), MAX(s * 1), typeof(MAX(s * 1)), TOTAL(s - 1), AVG(s + 0) FROM t",
        "SELECT id, (s + 1) * 2, (s + 1) / 0, round(s + 0.25, 1), (s + 1) & 3 FROM t ORDER BY id",
        "SELECT id, -s, typeof(-s), abs(s), typeof(abs(s)), abs(s - 20), ceil(s), typeof(ceil(s)), floor(s - 0.5), trunc(CASE WHEN b THEN i32 ELSE d END) FROM t ORDER BY id",
        "SELECT id, sign(s + 1), hex(s + 1), quote(s + 1), printf('%d %s', s + 1, s + 1), length(s + 1), substr(s + 1, 1, 1), (s + 1) LIKE '1%' FROM t ORDER BY id",
        "SELECT id, lag(s + 1) OVER (ORDER BY id), first_value(s + 1) OVER (ORDER BY id), rank() OVER (ORDER BY s + 1) FROM t ORDER BY id",
        "SELECT id FROM t WHERE s + 1 IN (13, 4.5, 8) OR i8 IN (SELECT s + 1 FROM t) ORDER BY id",
        "SELECT a.id, b.id FROM t AS a JOIN t AS b ON a.s + 1 = b.i8 WHERE a.id < 50 ORDER BY 1, 2",
        "SELECT (SELECT s + 1 FROM t AS u WHERE u.id = t.id) FROM t WHERE id < 40 ORDER BY id",
        "VALUES (1), (2.5), ('a'), (NULL)",

        // Grouping and DISTINCT on per-row classes (1 and 1.0 are one group; they do not meet here).
        "SELECT s + 1, typeof(s + 1), COUNT(*) FROM t GROUP BY s + 1 ORDER BY 1",
        "SELECT DISTINCT big * 4 FROM t ORDER BY 1",
        "SELECT COUNT(DISTINCT CAST(s AS NUMERIC)), MAX(DISTINCT s + 0), COUNT(DISTINCT CASE WHEN b THEN 1 ELSE 1.0 END) FROM t",
        "SELECT g, CASE WHEN g = 'x' THEN 1 ELSE 2.5 END AS k, COUNT(*) FROM t GROUP BY g, k ORDER BY g",

        // Window functions over values whose class varies per row (and sums over TEXT) read each row as SQLite does.
        "SELECT id, sum(x) OVER (ORDER BY id), typeof(sum(x) OVER (ORDER BY id)), total(x) OVER (PARTITION BY g), avg(x) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING), sum(x) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) FROM (SELECT id, g, CASE WHEN b THEN i32 ELSE d END AS x FROM t) ORDER BY id",
        "SELECT id, sum(s) OVER (ORDER BY id ROWS 2 PRECEDING), typeof(sum(s) OVER (ORDER BY id ROWS 2 PRECEDING)), total(s) OVER (PARTITION BY g ORDER BY id), avg(s + 0) OVER (), sum(bin) OVER (ORDER BY id ROWS 1 PRECEDING), sum(s * 1) OVER (ORDER BY id) FROM t ORDER BY id",
        "SELECT id, min(x) OVER (ORDER BY id ROWS 3 PRECEDING), max(x) OVER (PARTITION BY g), first_value(x) OVER (ORDER BY x, id), last_value(x) OVER (PARTITION BY g ORDER BY id), nth_value(x, 2) OVER (ORDER BY id), lead(x, 1, 'none') OVER (ORDER BY id), group_concat(x, ';') OVER (ORDER BY id ROWS 2 PRECEDING), count(x) OVER (ORDER BY id) FROM (SELECT id, g, CASE WHEN id % 3 = 0 THEN i32 WHEN id % 3 = 1 THEN d ELSE s END AS x FROM t) ORDER BY id",
        "SELECT g, sum(s), typeof(sum(s)), sum(sum(s)) OVER (), sum(CASE WHEN s = '12' THEN s END) FROM t GROUP BY g ORDER BY g",

        // Equal INTEGER and REAL values (1 and 1.0) are one group, one DISTINCT row and one DISTINCT
        // aggregate value, which keeps the first row's class (as SQLite's GROUP BY, DISTINCT and
        // DISTINCT aggregates do reading rows in table order).
        "SELECT CASE WHEN id % 3 = 0 THEN 1 WHEN id % 3 = 1 THEN 1.0 ELSE g END AS k, COUNT(*) FROM t GROUP BY k ORDER BY k",
        "SELECT CASE WHEN id % 3 = 1 THEN 1 WHEN id % 3 = 0 THEN 1.0 ELSE g END AS k, COUNT(*), SUM(id) FROM t GROUP BY k ORDER BY SUM(id)",
        "SELECT DISTINCT CASE WHEN id % 3 = 0 THEN 1 WHEN id % 3 = 1 THEN 1.0 ELSE g END FROM t",
        "SELECT DISTINCT CASE WHEN id % 3 = 1 THEN 1 WHEN id % 3 = 0 THEN 1.0 ELSE g END AS k FROM t ORDER BY k DESC",
        "SELECT g, CASE WHEN b THEN i8 WHEN id % 5 = 0 THEN s ELSE CAST(i8 AS REAL) END AS k, COUNT(*) FROM t GROUP BY g, k ORDER BY g, k",
        "SELECT x, COUNT(*) FROM (SELECT CASE WHEN id % 2 = 0 THEN i8 WHEN id % 7 = 0 THEN g ELSE CAST(i8 AS REAL) END AS x FROM t) GROUP BY x ORDER BY x",
        "SELECT COUNT(DISTINCT x), SUM(DISTINCT x), typeof(SUM(DISTINCT x)), TOTAL(DISTINCT x), AVG(DISTINCT x), group_concat(DISTINCT x) FROM (SELECT CASE WHEN id % 2 = 0 THEN i8 ELSE CAST(i8 AS REAL) END AS x FROM t WHERE id < 100)",
        "SELECT g, SUM(DISTINCT s + 0), group_concat(DISTINCT CASE WHEN b THEN i8 ELSE s END), COUNT(DISTINCT CASE WHEN b THEN 1 ELSE 1.0 END) FROM t GROUP BY g ORDER BY g",
        "SELECT total(DISTINCT ceil(s)), sum(DISTINCT CAST(s AS NUMERIC)), avg(DISTINCT s * 1) FROM t",

        // A collation applies to the TEXT rows of a per-row value.
        "SELECT id FROM t WHERE CASE WHEN b THEN i32 ELSE s END = 'ALPHA' COLLATE NOCASE ORDER BY id",
        "SELECT id, CASE WHEN b THEN i32 ELSE s END AS v FROM t ORDER BY v COLLATE NOCASE, id",
        "SELECT CASE WHEN b THEN 1 ELSE s END COLLATE NOCASE AS k, COUNT(*) FROM t GROUP BY k ORDER BY k",

        // Bitwise operators read TEXT, BLOB, REAL and per-row values as CAST(x AS INTEGER) does, row by row.
        "SELECT id, s, ~s, s & 7, s | 8, s << 2, 100 >> s, ~bin, bin & 5, ~d, d & 3, ~(s + 1), ~CASE WHEN b THEN i32 ELSE s END FROM t ORDER BY id",
        "SELECT ~'1e3', '1e3' & 1023, ~'3.7', ~x'3132', 5 << '1e1', ~'9223372036854775808', ~1e300, ~NULL, ~'abc', ' 12' | 1, -3.9 & -1",

        // 5. A subquery in FROM, a CTE or a view whose column mixes classes keeps each row's class.
        "SELECT id, x, typeof(x), x || '', x + 1 FROM (SELECT id, CASE WHEN id % 3 = 0 THEN i32 WHEN id % 3 = 1 THEN d ELSE s END AS x FROM t) ORDER BY id",
        "WITH c AS (SELECT id, g, CASE WHEN b THEN i32 ELSE s END AS x FROM t) SELECT g, x, typeof(x), COUNT(*) FROM c WHERE x > 10 GROUP BY g, x ORDER BY g, x",
        "SELECT id, x FROM (SELECT id, CASE WHEN b THEN i32 ELSE d END AS x FROM t) ORDER BY x DESC, id LIMIT 30",
        "SELECT g, MAX(x), MIN(x), typeof(MIN(x)), SUM(x), typeof(SUM(x)), AVG(x), TOTAL(x), COUNT(x) FROM (SELECT g, CASE WHEN id % 2 = 0 THEN i32 ELSE d END AS x FROM t) GROUP BY g ORDER BY g",
        "SELECT g, MAX(x), MIN(x), typeof(MAX(x)), COUNT(x) FROM (SELECT g, CASE WHEN b THEN i8 ELSE s END AS x FROM t) GROUP BY g ORDER BY g",
        "SELECT a.id, b.id FROM (SELECT id, CASE WHEN b THEN i8 ELSE s END AS x FROM t) AS a JOIN (SELECT id, CASE WHEN id % 2 = 0 THEN i8 ELSE d END AS y FROM t) AS b ON a.x = b.y WHERE a.id < 60 ORDER BY 1, 2",
        "SELECT id FROM (SELECT id, CASE WHEN b THEN i32 ELSE s END AS x FROM t) WHERE x = '12' OR x BETWEEN 5 AND 50 OR x IN (3.5, 'alpha') ORDER BY id",
        "SELECT y, typeof(y) FROM (SELECT x + 1 AS y FROM (SELECT CASE WHEN b THEN i32 ELSE s END AS x FROM t WHERE id < 50)) ORDER BY 1",
        "SELECT id FROM t WHERE i8 IN (SELECT x FROM (SELECT CASE WHEN b THEN i8 ELSE d END AS x FROM t)) ORDER BY id",
        "SELECT id, x, rank() OVER (ORDER BY x), lag(x) OVER (ORDER BY id), first_value(x) OVER (PARTITION BY g ORDER BY id) FROM (SELECT id, g, CASE WHEN b THEN i32 ELSE d END AS x FROM t WHERE id < 100) ORDER BY id",
        "SELECT DISTINCT x, typeof(x) FROM (SELECT CASE WHEN b THEN g ELSE i8 END AS x FROM t) ORDER BY 1",
        "WITH c(x) AS (SELECT CASE WHEN id % 2 = 0 THEN id ELSE s END FROM t WHERE id < 40) SELECT a.x, typeof(a.x), b.x FROM c AS a LEFT JOIN c AS b ON a.x = b.x + 1 ORDER BY 1, 3",
        "SELECT k, COUNT(*), SUM(k), MAX(typeof(k)) FROM (SELECT CASE WHEN a.id % 3 = 0 THEN a.i8 WHEN a.id % 3 = 1 THEN CAST(a.i8 AS REAL) ELSE a.g END AS k FROM t AS a, t AS b WHERE b.id < 400) GROUP BY k ORDER BY k",
        "SELECT COUNT(*), SUM(x), TOTAL(x), MIN(x), MAX(x) FROM (SELECT CASE WHEN a.id % 2 = 0 THEN a.i32 ELSE a.s END AS x FROM t AS a, t AS b WHERE b.id < 400) WHERE x > 5",
        "SELECT id, (SELECT x || typeof(x) FROM (SELECT CASE WHEN t.b THEN t.i32 ELSE t.s END AS x)) FROM t WHERE id < 40 ORDER BY id",
        "SELECT id, (SELECT max(x) || typeof(max(x)) FROM (SELECT CASE WHEN u.id % 2 = 0 THEN u.d ELSE t.i32 END AS x FROM t AS u WHERE u.id < t.id + 3)) FROM t WHERE id < 20 ORDER BY id",
        "SELECT x, typeof(x), COUNT(*) FROM (SELECT CASE WHEN id % 4 = 0 THEN NULL WHEN id % 4 = 1 THEN i8 ELSE s END AS x FROM t) GROUP BY x ORDER BY x",

        // RANGE with offsets over a key whose class varies per row: a numeric key's bound is key -/+ offset among
        // the numeric keys (TEXT sorts after every number), a TEXT key's bound is its peers, as SQLite's windowCodeRangeTest.
        "SELECT id, x, sum(id) OVER (ORDER BY x RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING), count(*) OVER (ORDER BY x DESC RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW), min(id) OVER (ORDER BY x RANGE BETWEEN CURRENT ROW AND 3 FOLLOWING), group_concat(id, '/') OVER (PARTITION BY g ORDER BY x RANGE BETWEEN 5 PRECEDING AND 1 PRECEDING) FROM (SELECT id, g, CASE WHEN id % 3 = 0 THEN i32 WHEN id % 3 = 1 THEN d ELSE s END AS x FROM t) ORDER BY id",
        "SELECT id, sum(id) OVER (ORDER BY s + 1 RANGE 2 PRECEDING), count(*) OVER (ORDER BY s * 1 DESC RANGE BETWEEN 1 FOLLOWING AND 4 FOLLOWING), max(id) OVER (ORDER BY CASE WHEN b THEN i8 ELSE s END RANGE BETWEEN UNBOUNDED PRECEDING AND 10 FOLLOWING EXCLUDE TIES) FROM t ORDER BY id",
        "SELECT id, count(*) OVER (ORDER BY x RANGE BETWEEN 0.5 PRECEDING AND 0.5 FOLLOWING), sum(id) OVER (ORDER BY x DESC RANGE BETWEEN 2 FOLLOWING AND 100 FOLLOWING) FROM (SELECT id, CASE WHEN id % 5 = 0 THEN NULL WHEN id % 5 = 1 THEN id / 3 WHEN id % 5 = 2 THEN id / 3.0 ELSE CAST(id % 4 AS TEXT) END AS x FROM t WHERE id < 60) ORDER BY id",

        // A subquery, CTE or view column takes its expression's affinity: REAL (a REAL column, CAST AS REAL) reads
        // INTEGERs as REALs; INTEGER and NUMERIC leave each row's class; numeric affinity reads texts compared with it as numbers.
        "SELECT id, x, typeof(x) FROM (SELECT id, i32 AS x FROM t UNION ALL SELECT id + 1000, d FROM t) ORDER BY id",
        "SELECT typeof(x), COUNT(*), SUM(x) FROM (SELECT CAST(d AS NUMERIC) AS x FROM t UNION ALL SELECT i32 FROM t) GROUP BY 1 ORDER BY 1",
        "SELECT typeof(x), COUNT(*) FROM (SELECT CAST(i8 AS REAL) AS x FROM t UNION ALL SELECT i32 FROM t UNION ALL SELECT NULL) GROUP BY 1 ORDER BY 1",
        "SELECT typeof(x), COUNT(*) FROM (SELECT CAST(i8 AS FLOAT) AS x FROM t UNION SELECT i32 FROM t) GROUP BY 1 ORDER BY 1",
        "SELECT typeof(x), COUNT(*) FROM (SELECT NULL AS x UNION ALL SELECT CAST(i8 AS REAL) FROM t UNION ALL SELECT i32 FROM t) GROUP BY 1 ORDER BY 1",
        "SELECT typeof(x), COUNT(*) FROM (SELECT NULL AS x UNION ALL SELECT d FROM t UNION ALL SELECT i32 FROM t) GROUP BY 1 ORDER BY 1",
        "WITH v AS (SELECT CAST(i8 AS REAL) AS y FROM t) SELECT typeof(x), COUNT(*) FROM (SELECT y AS x FROM v UNION ALL SELECT i32 FROM t) GROUP BY 1 ORDER BY 1",
        "SELECT typeof(x), COUNT(*) FROM (SELECT CAST('2' AS REAL) AS x UNION ALL SELECT i32 FROM t) GROUP BY 1 ORDER BY 1",
        "WITH c(x) AS (SELECT i8 FROM t UNION ALL SELECT d FROM t) SELECT x, typeof(x) FROM c WHERE x = '12' OR x > '990' OR x IN ('3', '4.5') ORDER BY 1",
        "WITH c(x) AS (SELECT d FROM t UNION ALL SELECT i8 FROM t) SELECT x, typeof(x) FROM c WHERE x = '12' OR x BETWEEN '3' AND '4' ORDER BY 1",
        "SELECT id, (SELECT group_concat(typeof(x), ',') FROM (SELECT t.i32 AS x UNION ALL SELECT t.d)), (SELECT group_concat(typeof(x), ',') FROM (SELECT t.d AS x UNION ALL SELECT t.i32)) FROM t WHERE id < 30 ORDER BY id",
        "SELECT x, typeof(x), COUNT(*) FROM (SELECT i8 AS x FROM t UNION ALL SELECT d FROM t) GROUP BY x ORDER BY x LIMIT 40",

        // A BLOB among other classes keeps its class: after TEXT in order (memcmp among blobs), typeof 'blob', and
        // length, hex, quote, CAST, || and the aggregates read it as SQLite does.
        "SELECT id, CASE WHEN id % 3 = 0 THEN bin WHEN id % 3 = 1 THEN i32 ELSE s END AS v, typeof(CASE WHEN id % 3 = 0 THEN bin WHEN id % 3 = 1 THEN i32 ELSE s END) FROM t ORDER BY id",
        "SELECT id, coalesce(bin, s, d), ifnull(bin, i8), iif(b, bin, d), max(bin, i32), min(bin, s), max(s, bin, d) FROM t ORDER BY id",
        "SELECT id, length(x), hex(x), quote(x), x || '', CAST(x AS TEXT), CAST(x AS INTEGER), CAST(x AS REAL), CAST(x AS BLOB), CAST(x AS NUMERIC), typeof(CAST(x AS NUMERIC)), upper(x), x + 1, -x, ~x, x LIKE '%a%', abs(x), round(x), octet_length(x) FROM (SELECT id, CASE WHEN id % 4 = 0 THEN bin WHEN id % 4 = 1 THEN d WHEN id % 4 = 2 THEN s ELSE i32 END AS x FROM t) ORDER BY id",
        "SELECT id, x FROM (SELECT id, CASE WHEN b THEN bin ELSE s END AS x FROM t) ORDER BY x, id",
        "SELECT id, x FROM (SELECT id, CASE WHEN id % 3 = 0 THEN bin WHEN id % 3 = 1 THEN d ELSE s END AS x FROM t) ORDER BY x DESC, id LIMIT 80",
        "SELECT id, x > 'a', x < x'61', x = bin, x >= 100, x IN (x'616c706861', 'alpha', 12), x BETWEEN 'a' AND x'7a' FROM (SELECT id, bin, CASE WHEN id % 3 = 0 THEN bin WHEN id % 3 = 1 THEN i8 ELSE s END AS x FROM t) ORDER BY id",
        "SELECT x, typeof(x), COUNT(*) FROM (SELECT CASE WHEN id % 3 = 0 THEN bin WHEN id % 3 = 1 THEN g ELSE i8 % 3 END AS x FROM t) GROUP BY x ORDER BY x",
        "SELECT DISTINCT CASE WHEN b THEN bin ELSE s END AS x FROM t ORDER BY x",
        "SELECT g, MIN(x), MAX(x), typeof(MAX(x)), COUNT(x), COUNT(DISTINCT x), SUM(x), typeof(SUM(x)), TOTAL(x), AVG(x), group_concat(x, '/') FROM (SELECT g, CASE WHEN id % 3 = 0 THEN bin WHEN id % 3 = 1 THEN i32 ELSE s END AS x FROM t WHERE id < 120) GROUP BY g ORDER BY g",
        "SELECT SUM(CASE WHEN b THEN bin ELSE i8 END), typeof(SUM(CASE WHEN b THEN bin ELSE i8 END)), SUM(DISTINCT CASE WHEN b THEN bin ELSE i8 END), group_concat(DISTINCT CASE WHEN b THEN bin ELSE g END) FROM t",
        "SELECT id, x, typeof(x), x || '' FROM (SELECT id, bin AS x FROM t WHERE id % 2 = 0 UNION ALL SELECT id, s FROM t WHERE id % 2 = 1 UNION ALL SELECT id, i32 FROM t WHERE id % 5 = 0) ORDER BY id, 3",
        "SELECT bin FROM t UNION SELECT s FROM t UNION SELECT i8 FROM t ORDER BY 1",
        "SELECT bin FROM t INTERSECT SELECT CAST(s AS BLOB) FROM t UNION ALL SELECT 1 ORDER BY 1",
        "SELECT s FROM t EXCEPT SELECT bin FROM t EXCEPT SELECT 'alpha' ORDER BY 1",
        "SELECT typeof(x), COUNT(*) FROM (SELECT bin AS x FROM t UNION SELECT s FROM t) GROUP BY 1 ORDER BY 1",
        "WITH c(x) AS (SELECT CASE WHEN id % 2 = 0 THEN bin ELSE s END FROM t WHERE id < 60) SELECT a.x, typeof(a.x), COUNT(*) FROM c AS a JOIN c AS b ON a.x = b.x GROUP BY a.x ORDER BY 1",
        "SELECT id, x, lag(x) OVER (ORDER BY id), rank() OVER (ORDER BY x), min(x) OVER (ORDER BY id ROWS 2 PRECEDING), max(x) OVER (PARTITION BY g), group_concat(x, ';') OVER (ORDER BY id ROWS 1 PRECEDING), sum(x) OVER (ORDER BY id ROWS 2 PRECEDING), first_value(x) OVER (ORDER BY x, id) FROM (SELECT id, g, CASE WHEN id % 3 = 0 THEN nullif(bin, x'') WHEN id % 3 = 1 THEN i32 ELSE nullif(s, '') END AS x FROM t WHERE id < 100) ORDER BY id",
        "SELECT id, count(*) OVER (ORDER BY x RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING) FROM (SELECT id, CASE WHEN id % 3 = 0 THEN bin WHEN id % 3 = 1 THEN i8 ELSE s END AS x FROM t WHERE id < 90) ORDER BY id",
        "SELECT id FROM t WHERE CASE WHEN b THEN bin ELSE s END IN (SELECT bin FROM t WHERE id < 50) ORDER BY id",
        "SELECT CASE WHEN b THEN bin ELSE 1 END COLLATE NOCASE AS k, COUNT(*) FROM t GROUP BY k ORDER BY k",
        "SELECT id, (SELECT CASE WHEN t.b THEN t.bin ELSE t.d END), date(CASE WHEN b THEN bin ELSE '2024-01-0' || (id % 9 + 1) END) FROM t WHERE id < 40 ORDER BY id",
        "VALUES (1), (x'41'), ('a'), (NULL), (2.5)",
        "SELECT id, bin LIKE '%a%', bin NOT LIKE 'a%', bin GLOB '*a*', like('%A%', bin), s LIKE bin, bin LIKE NULL, NULL LIKE bin, glob(NULL, bin), x'61' LIKE 'a' FROM t ORDER BY id",

        // Every position that reads values takes a per-row class, a BLOB among them (no "not supported yet in this position").
        "SELECT g, group_concat(DISTINCT CASE WHEN b THEN i8 ELSE s END COLLATE NOCASE), group_concat(DISTINCT CASE WHEN b THEN bin ELSE s END COLLATE NOCASE) FROM t WHERE id < 60 GROUP BY g ORDER BY g",
        "SELECT id, ntile(CASE WHEN id > 0 THEN 3 ELSE 'x' END) OVER (ORDER BY id), nth_value(s, CASE WHEN id > 0 THEN 2 ELSE 'x' END) OVER (ORDER BY id), lag(s, CASE WHEN id % 2 THEN 1 ELSE 2.0 END, CASE WHEN b THEN bin ELSE 5 END) OVER (ORDER BY id) FROM t WHERE id < 40 ORDER BY id",
        "SELECT id FROM t ORDER BY id LIMIT CASE WHEN 1 THEN 3 ELSE 'x' END OFFSET CASE WHEN 1 THEN 2 ELSE 2.5 END",
        "SELECT id, count(*) OVER (PARTITION BY CASE WHEN b THEN bin ELSE i8 % 3 END), row_number() OVER (ORDER BY CASE WHEN b THEN s ELSE i8 END COLLATE NOCASE, id) FROM t WHERE id < 50 ORDER BY id",
        "SELECT g, min(CASE WHEN b THEN s ELSE i8 END COLLATE NOCASE), max(CASE WHEN b THEN bin ELSE s END COLLATE NOCASE), count(DISTINCT CASE WHEN b THEN s ELSE bin END COLLATE NOCASE) FROM t GROUP BY g ORDER BY g",
        "SELECT id, CASE CASE WHEN b THEN bin ELSE s END WHEN 'alpha' THEN 1 WHEN x'616c706861' THEN 2 ELSE 3 END FROM t WHERE id < 50 ORDER BY id",
        "SELECT id, substr(x, 2, 2), instr(x, 'a'), replace(x, 'a', 'b'), printf('%d|%s|%f', x, x, x), trim(x), unicode(x), char(x), hex(x), lower(x), nullif(x, x'616c706861') FROM (SELECT id, CASE WHEN id % 3 = 0 THEN bin WHEN id % 3 = 1 THEN i8 ELSE s END AS x FROM t WHERE id < 60) ORDER BY id",
        "SELECT a.id, quote(x) FROM (SELECT id, CASE WHEN b THEN bin ELSE s END AS x FROM t WHERE id < 30) AS a JOIN (SELECT CASE WHEN b THEN bin ELSE s END AS x FROM t WHERE id < 30) AS c USING (x) ORDER BY 1, 2",
        "SELECT id FROM t AS o WHERE EXISTS (SELECT 1 FROM t AS i WHERE CASE WHEN i.b THEN i.bin ELSE i.s END = CASE WHEN o.b THEN o.s ELSE o.bin END AND i.id < 30) AND id < 40 ORDER BY id",
        "SELECT id, date(CASE WHEN b THEN 2460000.5 ELSE '2024-01-01' END), strftime(CASE WHEN b THEN '%Y' ELSE x'2564' END, '2024-03-05') FROM t WHERE id < 10 ORDER BY id",
        "SELECT a.id, b.id FROM (SELECT id, CASE WHEN b THEN bin ELSE i8 END AS x FROM t WHERE id < 15) AS a FULL JOIN (SELECT id, CASE WHEN b THEN bin ELSE i8 END AS x FROM t WHERE id BETWEEN 10 AND 25) AS b ON a.x = b.x ORDER BY 1, 2",
        "SELECT id, quote(x) FROM (SELECT id, CASE WHEN b THEN bin ELSE s END AS x FROM t WHERE id < 40) ORDER BY x NULLS LAST, id",
        "SELECT quote(x), count(*) FROM (SELECT CASE WHEN b THEN bin ELSE i8 % 4 END AS x FROM t) GROUP BY x HAVING x > 1 ORDER BY 1",
        "SELECT id, total(x) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), avg(x) OVER (ORDER BY x DESC RANGE 2 PRECEDING) FROM (SELECT id, CASE WHEN b THEN bin ELSE i8 END AS x FROM t WHERE id < 60) ORDER BY id",
        "SELECT id, ~x, x & 3, x << 1, abs(x), round(x, 1), sign(x), x * 2, x / 2, x % 3, -x FROM (SELECT id, CASE WHEN b THEN bin ELSE i8 END AS x FROM t WHERE id < 60) ORDER BY id",
        "SELECT sum(x) FILTER (WHERE id > 5), avg(DISTINCT x), total(DISTINCT x), sum(DISTINCT x) FROM (SELECT id, CASE WHEN b THEN bin ELSE i8 END AS x FROM t)",
        "SELECT id, (SELECT count(*) FROM t AS i WHERE CASE WHEN i.b THEN i.bin ELSE i.i8 END IN (SELECT CASE WHEN o.b THEN o.bin ELSE o.i8 END)) FROM t AS o WHERE id < 10 ORDER BY id",
        "SELECT quote(x), count(*) FROM (SELECT CASE WHEN b THEN bin ELSE s END AS x FROM t) WHERE x IS NOT NULL GROUP BY x ORDER BY count(*) DESC, x LIMIT 5",

        // 4. CAST(x AS NUMERIC) of non-constant REAL and TEXT.
        "SELECT id, CAST(d AS NUMERIC), typeof(CAST(d AS NUMERIC)), CAST(s AS NUMERIC), typeof(CAST(s AS NUMERIC)), CAST(f AS NUMERIC), CAST(bin AS NUMERIC) FROM t ORDER BY id",
        "SELECT CAST(3.0 AS NUMERIC), typeof(CAST(3.0 AS NUMERIC)), CAST(1e300 AS NUMERIC), CAST(-5 AS NUMERIC)",
        "SELECT id, CAST(d AS DECIMAL(10, 2)) || '', CAST(s AS BOOLEAN) FROM t ORDER BY id",
        "SELECT id FROM t WHERE CAST(s AS NUMERIC) = 12 OR CAST(d AS NUMERIC) > 990 ORDER BY id",

        // Functions reading a TEXT or BLOB argument as sqlite3_value_double/int64 (its numeric prefix) or, for sign, as a number only when it is wholly one.
        "SELECT id, s, round(s), round(s, 1), round(d, s), sign(s), sign(bin), substr(g || s, s), substr('abcdef', s, s), typeof(round(s)), typeof(sign(s)) FROM t ORDER BY id",
        "SELECT sign('12abc'), sign(' 7 '), sign('-3.5'), sign(x'31'), sign(''), sign('0'), round('2.75abc', 1), round(x'332E35'), substr('abcdef', '2x'), substr('abcdef', x'33', '2.9')",

        // A CASE of an INTEGER and a REAL branch keeps each row's class, also where the branches are equal numbers.
        "SELECT id, CASE WHEN id % 2 = 0 THEN id / 4 ELSE CAST(id / 4 AS REAL) END, typeof(CASE WHEN id % 2 = 0 THEN id / 4 ELSE CAST(id / 4 AS REAL) END) FROM t ORDER BY id",
    ]);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Rows_have_sqlite_classes(string sql)
    {
        var expected = AsOltpResult(ResultRows.FromSqlite(data.Sqlite, sql, []).Rows);
        var actual = ResultRows.FromArrow(SqlEngine.Execute(sql, [], data.Catalog, default));
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            for (var c = 0; c < expected[r].Length; c++)
            {
                Assert.True(
                    SameClassAndValue(expected[r][c], actual[r][c]),
                    $"row {r}, column {c}: SQLite {Show(expected[r][c])}, Yoda {Show(actual[r][c])}\n{sql}");
            }
        }
    }

    [Fact]
    public void A_dynamic_column_is_int64_when_every_row_is_an_integer()
    {
        var result = SqlEngine.Execute("SELECT CASE WHEN id > 0 THEN id ELSE 2.5 END AS x FROM t", [], data.Catalog, default);
        Assert.Equal(Apache.Arrow.Types.ArrowTypeId.Int64, result.Schema.GetFieldByName("x").DataType.TypeId);
        Assert.All(result.Batches, b => Assert.Same(result.Schema, b.Schema));
    }

    [Fact]
    public void A_dynamic_column_of_no_rows_is_int64()
    {
        var result = SqlEngine.Execute("SELECT s + 1 AS x FROM t WHERE id < 0", [], data.Catalog, default);
        Assert.Equal(Apache.Arrow.Types.ArrowTypeId.Int64, result.Schema.GetFieldByName("x").DataType.TypeId);
    }

    [Fact]
    public void Explain_plans_an_overflowing_cte_as_the_query_runs_it()
    {
        const string sql = "WITH c(x) AS (SELECT big * 4 FROM t WHERE big = 9223372036854775807) SELECT x FROM c";
        Assert.Contains("Scan", SqlEngine.Explain(sql, [], data.Catalog), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3.6893488147419103E+19, ResultRows.FromArrow(SqlEngine.Execute(sql, [], data.Catalog, default)).First()[0]);
    }

    [Fact]
    public void A_real_affinity_subquery_column_reads_its_integers_as_reals()
    {
        const string realFirst = "SELECT typeof(x) FROM (SELECT d AS x FROM t UNION ALL SELECT i32 FROM t) WHERE x IS NOT NULL";
        var expected = ResultRows.FromSqlite(data.Sqlite, realFirst, []).Rows;
        Assert.All(expected, r => Assert.Equal("real", r[0]));
        Assert.Equal(expected, ResultRows.FromArrow(SqlEngine.Execute(realFirst, [], data.Catalog, default)));
    }

    [Fact]
    public void Sum_overflow_stays_an_error()
    {
        var error = Assert.Throws<YodaException>(() => SqlEngine.Execute("SELECT SUM(big * 1) FROM t WHERE big > 4611686018427387903", [], data.Catalog, default));
        Assert.Equal("integer overflow", error.Message);
    }

    /// <summary>SQLite's rows as an OLTP result types them: per column, INTEGERs become REALs beside a REAL, numbers text (blobs hexadecimal) beside a TEXT or a BLOB of another class.</summary>
    private static List<object?[]> AsOltpResult(List<object?[]> rows)
    {
        var width = rows.Count == 0 ? 0 : rows[0].Length;
        for (var c = 0; c < width; c++)
        {
            var values = rows.Select(r => r[c]).Where(v => v is not null).ToList();
            var text = values.Any(v => v is string) || (values.Any(v => v is byte[]) && !values.All(v => v is byte[]));
            var real = values.Any(v => v is double);
            foreach (var row in rows)
            {
                row[c] = (row[c], text, real) switch
                {
                    (byte[] b, true, _) => Convert.ToHexString(b),
                    (long l, true, _) => l.ToString(CultureInfo.InvariantCulture),
                    (double d, true, _) => d.ToString("R", CultureInfo.InvariantCulture),
                    (long l, false, true) => (double)l,
                    var (v, _, _) => v,
                };
            }
        }

        return rows;
    }

    private static bool SameClassAndValue(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (double x, double y) => x.Equals(y) || Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y)),
        (byte[] x, byte[] y) => x.SequenceEqual(y),
        _ => expected is not null && actual is not null && expected.GetType() == actual.GetType() && expected.Equals(actual),
    };

    private static string Show(object? value) => value is null ? "NULL" : $"{value} ({value.GetType().Name})";
}
