using Yoda.Columnar.Execution;
using Yoda.Columnar.Kernels;

namespace Yoda.Sql.Binding;

internal sealed partial class Binder
{
    /// <summary>iif, typeof, trim/ltrim/rtrim, replace, instr, hex, sign and multi-argument min/max; null when <paramref name="name"/> is none of them.</summary>
    private static BoundExpr? TryBindMoreFunctions(string name, List<BoundExpr> args) => (name, args.Count) switch
    {
        ("iif" or "if", 2 or 3) => Iif(args),
        ("typeof", 1) => new BoundRowFunction(name, ValueKind.Text, args, v => TextFunctions.TypeOf(v[0])),
        ("trim" or "ltrim" or "rtrim", 1 or 2) => new BoundRowFunction(name, ValueKind.Text, args, v => Trim(name, v)),
        ("replace", 3) => new BoundRowFunction(name, ValueKind.Text, args, v =>
            v.Any(x => x is null) ? null : TextFunctions.Replace(NumericText.ToText(v[0]!), NumericText.ToText(v[1]!), NumericText.ToText(v[2]!))),
        ("instr", 2) => new BoundRowFunction(name, ValueKind.Integer, args, v => v switch
        {
            [null, _] or [_, null] => null,
            [byte[] data, byte[] pattern] => TextFunctions.Instr(data, pattern),
            _ => TextFunctions.Instr(NumericText.ToText(v[0]!), NumericText.ToText(v[1]!)),
        }),
        ("hex", 1) => new BoundRowFunction(name, ValueKind.Text, args, v => v[0] is null ? string.Empty : TextFunctions.Hex(v[0]!)),
        ("sign", 1) => new BoundRowFunction(name, ValueKind.Integer, args, v => Sign(v[0])),
        ("min" or "max", >= 2) => ScalarMinMax(name, args),
        _ => null,
    };

    /// <summary>
    /// SQLite's signFunc: -1, 0 or +1 for an INTEGER, a REAL or a text that is wholly a number
    /// (sqlite3_value_numeric_type); NULL for anything else ('12abc', a BLOB).
    /// </summary>
    private static object? Sign(object? value) => value switch
    {
        long l => (long)Math.Sign(l),
        double d => (long)Math.Sign(d),
        string s => Sign(NumericText.TryWellFormed(s)),
        _ => null,
    };

    /// <summary>iif(c, x [, y]) (also spelled if): CASE WHEN c THEN x ELSE y END; y is NULL when left out.</summary>
    private static BoundExpr Iif(List<BoundExpr> args)
    {
        var otherwise = args.Count == 3 ? args[2] : new BoundConstant(null, args[1].Kind);
        var kind = CommonKind([args[1], otherwise]);
        return new BoundCase(kind, [(args[0], Convert(args[1], kind))], Convert(otherwise, kind));
    }

    private static readonly HashSet<string> KnownScalarFunctions =
    [
        "abs", "coalesce", "ifnull", "nullif", "length", "lower", "upper", "round", "substr", "substring", "iif", "if", "typeof",
        "trim", "ltrim", "rtrim", "replace", "instr", "hex", "sign", "acos", "asin", "atan", "acosh", "asinh", "atanh", "atan2",
        "ceil", "ceiling", "cos", "cosh", "degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power",
        "radians", "sin", "sinh", "sqrt", "tan", "tanh", "trunc", "unicode", "quote", "glob",
        "zeroblob", "randomblob", "random", "sqlite_version", "changes", "last_insert_rowid",
    ];

    /// <summary>A scalar function Yoda runs, called here with a wrong number of arguments.</summary>
    private static bool IsKnownScalarFunction(string name) => KnownScalarFunctions.Contains(name);

    private static object? Trim(string name, object?[] v)
    {
        if (v[0] is null || (v.Length > 1 && v[1] is null))
        {
            return null;
        }

        var characters = v.Length > 1 ? NumericText.ToText(v[1]!) : " ";
        return TextFunctions.Trim(NumericText.ToText(v[0]!), characters, name != "rtrim", name != "ltrim");
    }

    /// <summary>
    /// min(a, b, ..) / max(a, b, ..): NULL if any argument is NULL, else the least / greatest value, texts
    /// compared under the collation of the first argument that has one (SQLite's function collation).
    /// </summary>
    private static BoundExpr ScalarMinMax(string name, List<BoundExpr> args)
    {
        var collation = args.Select(ExpressionCollationOf).FirstOrDefault(c => c is not null) ?? Collation.Binary;
        Func<object, object> compared = collation switch
        {
            Collation.NoCase => v => v is string s ? TextKernels.AsciiLower(s) : v,
            Collation.RTrim => v => v is string s ? s.TrimEnd(' ') : v,
            _ => v => v,
        };
        var kind = CommonKind(args);
        var isMax = name == "max";
        return new BoundRowFunction(name, kind, args.Select(a => Convert(a, kind)).ToList(), v =>
        {
            if (v.Any(x => x is null))
            {
                return null;
            }

            // SQLite's minmaxFunc: max keeps the first of equal values, min takes the last (2 and 2.0).
            var best = v[0]!;
            foreach (var value in v.Skip(1))
            {
                var order = ValueOrder.Compare(compared(value!), compared(best));
                best = (isMax ? order > 0 : order <= 0) ? value! : best;
            }

            return best;
        });
    }
}
