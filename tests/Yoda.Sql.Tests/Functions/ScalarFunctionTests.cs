using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Functions;

/// <summary>printf/format, the math functions, char, unicode, quote and iif: Yoda's answer is SQLite's on the same rows.</summary>
public sealed class ScalarFunctionTests(SampleData data) : IClassFixture<SampleData>
{
    public static TheoryData<string> Queries => new(
    [
        "SELECT printf('%d|%5d|%-5d|%05d|%+d|% d|%,d|%i', 42, 42, 42, -42, 42, 42, 1234567, -7)",
        "SELECT printf('%x|%X|%#x|%#X|%o|%#o|%p|%#p|%u', 255, 255, 255, 255, 8, 8, 255, 255, -1)",
        "SELECT printf('%f|%.2f|%10.3f|%-10.1f|%010.2f|%+.1f|%#.0f|%.0f|%.0f', 3.14159, 2.675, -1.5, 2.25, -3.5, 2.0, 3.0, 0.5, 1.5)",
        "SELECT printf('%e|%.3e|%E|%g|%G|%.3g|%#g|%g|%g|%!.3f', 12345.678, 0.000123, 1e100, 0.0001, 1e-5, 1234567.0, 1.5, 100000.0, 1e15, 2.5)",
        "SELECT printf('%s|%5s|%-5s|%.2s|%q|%Q|%Q|%w|%c|%.3c|%%|%z', 'abc', 'ab', 'ab', 'abcdef', 'it''s', 'it''s', NULL, 'a\"b', 'xyz', 'q', 'z')",
        "SELECT printf('%*d|%-*d|%.*f|%*.*s', 5, 1, 4, 2, 2, 3.14159, 6, 2, 'abcdef')",
        "SELECT printf('%d %s %f'), printf(NULL, 1), printf('no args'), printf('%d', '12abc'), printf('%d', 3.99), printf('%s', 1.5), printf('%s', 10), format('%05.1f', 9.96)",
        "SELECT printf('%.20f|%.17g|%.15e|%f|%f|%f', 0.1, 1.0 / 3, 2.0 / 3, 1e300 * 1e300, -1e300 * 1e300, 0.0)",
        "SELECT printf('%!.5s|%!5s|%.3s', 'ΩmegaΩ', 'é', 'Ωm'), printf('%c', 'é'), printf('%,d|%,d', -1234, 100)",
        "SELECT printf('%5.2T|after', 1), printf('abc%'), printf('%lld|%ld', 5, 6), printf('%y|after')",
        "SELECT id, printf('%-6s|%8.3f|%4d', s, d, i32), format('%q', s) FROM t ORDER BY id",
        "SELECT acos(0.5), asin(0.5), atan(1), acosh(2), asinh(1), atanh(0.5), atan2(1, 2), cos(1), cosh(1), sin(1), sinh(1), tan(1), tanh(1)",
        "SELECT ceil(2.5), ceil(-2.5), ceil(3), ceiling(1.1), floor(2.5), floor(-2.5), floor(7), trunc(2.7), trunc(-2.7), trunc(5), ceil('2.5'), floor('7'), ceil(NULL)",
        "SELECT degrees(pi()), radians(180), exp(1), ln(10), log(100), log10(1000), log2(8), log(2, 8), log(1, 8), log(-1), ln(0), log2('x')",
        "SELECT mod(7, 3), mod(-7, 3), mod(7.5, 2), mod(7, 0), pow(2, 10), power(2, 0.5), sqrt(2), sqrt(-1), pi(), exp(1000), pow('2', '3'), mod('a', 2)",
        "SELECT id, sqrt(abs(i32)), ln(abs(d) + 1), ceil(d), floor(d), trunc(d), ceil(i32), mod(i32, 7), pow(i8, 2), log(2, abs(i32) + 1), sin(s) FROM t ORDER BY id",
        "SELECT char(72, 105), char(), char(NULL, 65), char(-1, 1114112, 233, 128512), unicode('é'), unicode(''), unicode(NULL), unicode(12), unicode('😀')",
        "SELECT quote(0.1), quote(1.0), quote(1e100), quote(1e300 * 1e300), quote(0.30000000000000004), quote('a''b'), quote(X'00FF'), quote(NULL), quote(-12), quote(1.0 / 3)",
        "SELECT id, quote(s), quote(d), quote(bin), quote(i32), unicode(s), char(i8 + 100) FROM t ORDER BY id",
        "SELECT iif(1, 2), iif(0, 2), if(0, 2, 3), iif(NULL, 'a', 'b')",
        "SELECT concat(NULL), concat(1, NULL, 'a', 2.5, X'4142'), typeof(concat(NULL, NULL)), concat(1e100), concat(-0.0), concat(9223372036854775807)",
        "SELECT concat_ws(',', 1, NULL, 'a', 2.5), concat_ws(NULL, 1, 2), concat_ws(',', NULL), typeof(concat_ws(',', NULL, NULL)), concat_ws(1, 'a', 'b'), concat_ws(2.5, 'a', 'b'), concat_ws('', 'a', 'b'), concat_ws(',', 'a', '', 'b')",
        "SELECT id, concat(s, i32, d), concat_ws('-', s, d, bin), octet_length(s), octet_length(d), octet_length(bin), octet_length(i32) FROM t ORDER BY id",
        "SELECT octet_length('héllo'), octet_length(NULL), octet_length(123), octet_length(1.5), octet_length(X'0102'), typeof(octet_length(NULL)), octet_length('')",
        "SELECT hex(unhex('4142')), unhex(NULL), unhex('4'), unhex('zz'), hex(unhex('41 42', ' ')), hex(unhex('41-42', '-')), unhex('41 42'), hex(unhex('')), typeof(unhex(''))",
        "SELECT unhex('4142', NULL), hex(unhex(4142)), hex(unhex('41  42', ' ')), hex(unhex(' 4142 ', ' ')), unhex('4 142', ' '), unhex('4z41', 'z'), hex(unhex('41é42', 'é')), hex(unhex('aBcD'))",
        "SELECT like('a%', 'ABC'), like('a%', 'bcd'), like(NULL, 'a'), like('a', NULL), like('a!%', 'a%', '!'), like('a!%', 'ab', '!'), like('a%', 'abc', NULL), like(1, 1), like('_', 'é')",
        "SELECT id, like('%a%', s), like(s, 'alpha') FROM t ORDER BY id",
        "SELECT likelihood(5, 0.5), likelihood('a', 0.0), likelihood(NULL, 1.0), typeof(likelihood(2.5, 0.25)), unlikely(5), unlikely(NULL), likely('x'), typeof(unlikely(1.5))",
        "SELECT id FROM t WHERE likely(id > 2) AND unlikely(s IS NOT NULL) AND likelihood(id < 9, 0.9) ORDER BY id",
    ]);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_sqlite(string sql) => SqliteOracle.AssertSame(data.Sqlite, data.Catalog, sql);

    [Theory]
    [InlineData("SELECT sqrt(1, 2)", "wrong number of arguments to function sqrt()")]
    [InlineData("SELECT unicode()", "wrong number of arguments to function unicode()")]
    [InlineData("SELECT nosuch(1)", "no such function: nosuch")]
    [InlineData("SELECT concat()", "wrong number of arguments to function concat()")]
    [InlineData("SELECT concat_ws(',')", "wrong number of arguments to function concat_ws()")]
    [InlineData("SELECT like('a')", "wrong number of arguments to function like()")]
    [InlineData("SELECT like('a', 'a', 'xy')", "ESCAPE expression must be a single character")]
    [InlineData("SELECT likelihood(5, 1)", "second argument to likelihood() must be a constant between 0.0 and 1.0")]
    [InlineData("SELECT likelihood(5, 2.0)", "second argument to likelihood() must be a constant between 0.0 and 1.0")]
    [InlineData("SELECT likelihood(5, 'a')", "second argument to likelihood() must be a constant between 0.0 and 1.0")]
    [InlineData("SELECT unlikely(1, 2)", "wrong number of arguments to function unlikely()")]
    [InlineData("SELECT json_extract('{}', '$')", "function json_extract() is not supported yet")]
    public void Refuses_with_a_clear_message(string sql, string message)
    {
        var error = Assert.ThrowsAny<YodaException>(() => SqlEngine.Execute(sql, [], data.Catalog, default));
        Assert.Equal(message, error.Message);
    }
}
