using System.Text;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>SQLite's concat, concat_ws, octet_length, unhex, like() and the planner hints likely, unlikely and likelihood.</summary>
internal sealed partial class Binder
{
    /// <summary>like(X, Y [, Z]) is <c>Y LIKE X [ESCAPE Z]</c>, as SQLite defines it; null for other calls.</summary>
    private BoundExpr? TryBindLikeFunction(FunctionCallExpr f, BindContext context) =>
        f is { Name: "like", Arguments.Length: 2 or 3, Star: false, Distinct: false }
            ? BindExpr(new LikeExpr(f.Arguments[1], f.Arguments[0], f.Arguments.Length == 3 ? f.Arguments[2] : null, Negated: false), context)
            : null;

    /// <summary>The functions of this file bound over their arguments; null when <paramref name="f"/> is none of them.</summary>
    private static BoundExpr? TryBindTextAndHintFunctions(FunctionCallExpr f, List<BoundExpr> args) => (f.Name, args.Count) switch
    {
        ("concat", >= 1) => new BoundRowFunction(f.Name, ValueKind.Text, args, v => string.Concat(v.OfType<object>().Select(NumericText.ToText))),
        ("concat_ws", >= 2) => new BoundRowFunction(f.Name, ValueKind.Text, args, v =>
            v[0] is null ? null : string.Join(NumericText.ToText(v[0]!), v.Skip(1).OfType<object>().Select(NumericText.ToText))),
        ("octet_length", 1) => new BoundRowFunction(f.Name, ValueKind.Integer, args, v => v[0] switch
        {
            null => null,
            byte[] b => (long)b.Length,
            var value => (long)Encoding.UTF8.GetByteCount(NumericText.ToText(value)),
        }),
        ("unhex", 1 or 2) => new BoundRowFunction(f.Name, ValueKind.Blob, args, v =>
            v[0] is null || (v.Length == 2 && v[1] is null) ? null : Unhex(NumericText.ToText(v[0]!), v.Length == 2 ? NumericText.ToText(v[1]!) : string.Empty)),
        ("likely" or "unlikely", 1) => args[0],
        ("likelihood", 2) => f.Arguments[1] is LiteralExpr { Value: double p } && p is >= 0.0 and <= 1.0
            ? args[0]
            : throw new YodaException("second argument to likelihood() must be a constant between 0.0 and 1.0"),
        ("concat" or "concat_ws" or "octet_length" or "unhex" or "likely" or "unlikely" or "likelihood" or "like", _) =>
            throw new YodaException($"wrong number of arguments to function {f.Name}()"),
        _ => null,
    };

    /// <summary>
    /// SQLite's unhexFunc: pairs of hex digits, with characters of <paramref name="ignored"/> allowed
    /// between pairs (not inside one); anything else makes the result NULL.
    /// </summary>
    private static byte[]? Unhex(string hex, string ignored)
    {
        var bytes = new List<byte>(hex.Length / 2);
        var i = 0;
        while (i < hex.Length)
        {
            if (!char.IsAsciiHexDigit(hex[i]))
            {
                var codePoint = char.ConvertToUtf32(hex, i);
                if (!ignored.EnumerateRunes().Any(r => r.Value == codePoint))
                {
                    return null;
                }

                i += char.IsSurrogatePair(hex, i) ? 2 : 1;
                continue;
            }

            if (i + 1 >= hex.Length || !char.IsAsciiHexDigit(hex[i + 1]))
            {
                return null;
            }

            bytes.Add(System.Convert.ToByte(hex.Substring(i, 2), 16));
            i += 2;
        }

        return [.. bytes];
    }
}
