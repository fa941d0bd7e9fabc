using System.Globalization;

namespace Yoda.Sql.Tests.Differential;

/// <summary>
/// Generates random well-typed expressions over the sample table's columns, staying inside the
/// supported slice (no arithmetic on text, no 64-bit overflow, no REAL-to-text rendering).
/// </summary>
public sealed class RandomExpressionGenerator(int seed)
{
    private readonly Random _random = new(seed);

    public string Integer(int depth) => Pick(depth,
        () => Of("i32", "i8", "u8", "b", "id"),
        () => _random.Next(-20, 20).ToString(CultureInfo.InvariantCulture),
        () => $"({Integer(depth - 1)} {Of("+", "-", "*", "/", "%")} {Integer(depth - 1)})",
        () => $"abs({Integer(depth - 1)})",
        () => $"length({Text(depth - 1)})",
        () => $"CASE WHEN {Boolean(depth - 1)} THEN {Integer(depth - 1)} ELSE {Integer(depth - 1)} END",
        () => $"coalesce({Integer(depth - 1)}, {Integer(depth - 1)})",
        () => $"CAST({Real(depth - 1)} AS INTEGER)",
        () => $"(- {Integer(depth - 1)})");

    public string Real(int depth) => Pick(depth,
        () => Of("d", "f", "1.5", "-0.25", "100.0"),
        () => $"({Real(depth - 1)} {Of("+", "-", "*", "/")} {Of(Real(depth - 1), Integer(depth - 1))})",
        () => $"round({Real(depth - 1)}, {_random.Next(0, 4)})",
        () => $"CAST({Integer(depth - 1)} AS REAL)",
        () => $"abs({Real(depth - 1)})");

    public string Text(int depth) => Pick(depth,
        () => Of("s", "g", "'abc'", "''", "'Ωx'"),
        () => $"lower({Text(depth - 1)})",
        () => $"upper({Text(depth - 1)})",
        () => $"substr({Text(depth - 1)}, {_random.Next(-3, 4)}, {_random.Next(-2, 4)})",
        () => $"({Text(depth - 1)} || {Of(Text(depth - 1), Integer(depth - 1))})",
        () => $"ifnull({Text(depth - 1)}, 'none')");

    public string Boolean(int depth) => Pick(depth,
        () => $"({Integer(depth - 1)} {Comparison()} {Integer(depth - 1)})",
        () => $"({Real(depth - 1)} {Comparison()} {Integer(depth - 1)})",
        () => $"(big {Comparison()} {Of(Real(depth - 1), Integer(depth - 1), "9223372036854775807", "9.2233720368547758e18", "-9223372036854775808")})",
        () => $"({Text(depth - 1)} {Comparison()} {Text(depth - 1)})",
        () => $"({Boolean(depth - 1)} {Of("AND", "OR")} {Boolean(depth - 1)})",
        () => $"(NOT {Boolean(depth - 1)})",
        () => $"({Of(Integer(depth - 1), Text(depth - 1), Real(depth - 1))} IS {Of("", "NOT ")}NULL)",
        () => $"({Text(depth - 1)} {Of("", "NOT ")}LIKE {Of("'a%'", "'%b%'", "'_'", "'%'", "'Ω%'")})",
        () => $"({Integer(depth - 1)} {Of("", "NOT ")}BETWEEN {Integer(depth - 1)} AND {Integer(depth - 1)})",
        () => $"({Integer(depth - 1)} {Of("", "NOT ")}IN ({_random.Next(-5, 5)}, {_random.Next(-5, 5)}, {Of("NULL", "7")}))");

    private string Comparison() => Of("=", "<>", "<", "<=", ">", ">=", "IS", "IS NOT");

    private string Of(params string[] choices) => choices[_random.Next(choices.Length)];

    private string Pick(int depth, params Func<string>[] choices) =>
        depth <= 0 ? choices[0]() : choices[_random.Next(choices.Length)]();
}
