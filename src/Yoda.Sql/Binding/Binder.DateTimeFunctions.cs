using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.DateTimes;

namespace Yoda.Sql.Binding;

internal sealed partial class Binder
{
    private static readonly Dictionary<string, DateTimeFunction> DateTimeFunctions = new()
    {
        ["date"] = DateTimeFunction.Date,
        ["time"] = DateTimeFunction.Time,
        ["datetime"] = DateTimeFunction.DateTime,
        ["julianday"] = DateTimeFunction.JulianDay,
        ["unixepoch"] = DateTimeFunction.UnixEpoch,
        ["strftime"] = DateTimeFunction.Strftime,
        ["timediff"] = DateTimeFunction.TimeDiff,
    };

    private BoundExpr? TryBindDateTimeFunction(string name, IReadOnlyList<BoundExpr> args)
    {
        if (!DateTimeFunctions.TryGetValue(name, out var function))
        {
            return null;
        }

        if (function == DateTimeFunction.TimeDiff && args.Count != 2)
        {
            throw new YodaException($"wrong number of arguments to function {name}()");
        }

        var kind = function switch
        {
            DateTimeFunction.JulianDay => ValueKind.Real,
            DateTimeFunction.UnixEpoch => UnixEpochKind(args),
            _ => ValueKind.Text,
        };
        return new BoundDateTimeFunction(function, kind, args, shared.StatementTime);
    }

    /// <summary>
    /// unixepoch() is an INTEGER unless 'subsec' (or 'subsecond', as the time value or a modifier)
    /// makes it a REAL; where a non-constant argument could say so, it is typed per row.
    /// </summary>
    private static ValueKind UnixEpochKind(IReadOnlyList<BoundExpr> args) =>
        args.All(a => a.Kind is ValueKind.Integer or ValueKind.Real || a is BoundConstant { Value: string s } && !IsSubsec(s))
            ? ValueKind.Integer
            : ValueKind.Dynamic;

    private static bool IsSubsec(string text) =>
        text.Equals("subsec", StringComparison.OrdinalIgnoreCase) || text.Equals("subsecond", StringComparison.OrdinalIgnoreCase);
}
