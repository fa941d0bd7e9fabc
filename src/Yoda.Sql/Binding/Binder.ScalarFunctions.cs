using Yoda.Columnar.Execution;
using Yoda.Columnar.Kernels;

namespace Yoda.Sql.Binding;

internal sealed partial class Binder
{
    /// <summary>The math functions, printf/format, char, unicode, quote and glob; null when <paramref name="name"/> is none of them.</summary>
    private static BoundExpr? TryBindScalarFunctions(string name, List<BoundExpr> args)
    {
        if (SqlMath.Unary(name) is { } unary && args.Count == 1)
        {
            return new BoundRowFunction(name, ValueKind.Real, args, v => SqlMath.Number(v[0]) is { } x ? SqlMath.Result(unary(x)) : null);
        }

        if (SqlMath.Binary(name) is { } binary && args.Count == 2)
        {
            return new BoundRowFunction(name, ValueKind.Real, args, v =>
                SqlMath.Number(v[0]) is { } x && SqlMath.Number(v[1]) is { } y ? SqlMath.Result(binary(x, y)) : null);
        }

        return (name, args.Count) switch
        {
            ("log", 2) => new BoundRowFunction(name, ValueKind.Real, args, v => SqlMath.Log(v[0], v[1])),
            ("pi", 0) => BoundConstant.Of(Math.PI),
            ("ceil" or "ceiling" or "floor" or "trunc", 1) => Rounding(name, args[0]),
            ("printf" or "format", _) => new BoundRowFunction(name, ValueKind.Text, args, SqlPrintf.Format),
            ("char", _) => new BoundRowFunction(name, ValueKind.Text, args, TextCodes.Char),
            ("unicode", 1) => new BoundRowFunction(name, ValueKind.Integer, args, v => TextCodes.Unicode(v[0])),
            ("glob", 2) => new BoundRowFunction(name, ValueKind.Integer, args, v =>
                v[0] is byte[] || v[1] is byte[] ? 0L : v[0] is null || v[1] is null ? null : GlobMatcher.Matches(NumericText.ToText(v[0]!), NumericText.ToText(v[1]!)) ? 1L : 0L),
            ("quote", 1) => new BoundRowFunction(name, ValueKind.Text, args, v => TextCodes.Quote(v[0])),
            _ => null,
        };
    }

    /// <summary>
    /// ceil/floor/trunc keep an INTEGER as it is and round a REAL to a REAL, so the result's kind is
    /// the argument's; of a TEXT or dynamic argument it varies per row.
    /// </summary>
    private static BoundExpr Rounding(string name, BoundExpr argument) => argument switch
    {
        { Kind: ValueKind.Integer or ValueKind.Real } => new BoundRowFunction(name, argument.Kind, [argument], v => SqlMath.Rounding(name, v[0])),
        BoundConstant c => BoundConstant.Of(SqlMath.Rounding(name, c.Value)),
        { Kind: ValueKind.Blob } => new BoundConstant(null, ValueKind.Integer),
        _ => new BoundRowFunction(name, ValueKind.Dynamic, [argument], v => SqlMath.Rounding(name, v[0])),
    };
}
