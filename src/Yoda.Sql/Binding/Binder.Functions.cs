using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

internal sealed partial class Binder
{
    private BoundExpr BindFunction(FunctionCallExpr f, BindContext context)
    {
        if (f.Filter is not null)
        {
            return BindFunction(FilterAsArgument(f), context);
        }

        if (f.Over is not null)
        {
            return BindWindow(f, context);
        }

        var args = f.Arguments;
        switch (f.Name)
        {
            case "count" when f.Star:
                return Aggregate(f, AggregateFunction.CountStar, null, context);
            case "count" or "sum" or "avg" or "total" when args.Length == 1:
            case "min" or "max" when args.Length == 1:
                var argument = BindAggregateArgument(f, context);
                var function = f.Name switch
                {
                    "count" => AggregateFunction.Count,
                    "sum" => AggregateFunction.Sum,
                    "avg" => AggregateFunction.Avg,
                    "total" => AggregateFunction.Total,
                    "min" => AggregateFunction.Min,
                    _ => AggregateFunction.Max,
                };
                return function is AggregateFunction.Min or AggregateFunction.Max && IsCollatedText(argument)
                    ? CollatedExtreme(f, function, argument, context)
                    : Aggregate(f, function, argument, context);
            case "group_concat" when args.Length is 1 or 2:
            case "string_agg" when args.Length == 2:
                if (f.Distinct && args.Length != 1)
                {
                    throw new YodaException("DISTINCT aggregates must have exactly one argument");
                }

                var value = BindAggregateArgument(f, context);
                var separator = args.Length == 2 ? Convert(BindExpr(args[1], BindContext.AggregateArgument), ValueKind.Text) : null;
                // DISTINCT takes no separator; under NOCASE or RTRIM the key is the folded text that decides
                // which values are equal, and the first value met of each is shown, as in SQLite.
                var key = f.Distinct && IsCollatedText(value) ? ComparedValue(value) : separator;
                return Aggregate(f, AggregateFunction.GroupConcat, value, context) with { Key = key };
            case "count" or "sum" or "avg" or "total" or "group_concat" or "string_agg":
            case "min" or "max" when args.Length == 0:
                throw new YodaException($"wrong number of arguments to function {f.Name}()");
        }

        if (IsJsonFunction(f.Name))
        {
            throw new YodaException($"function {f.Name}() is not supported yet");
        }

        if (TryBindLikeFunction(f, context) is { } like)
        {
            return like;
        }

        // SQLite reads f(*) as f() and ignores DISTINCT in a call of a scalar function.
        var bound = args.Select(a => BindExpr(a, context)).ToList();
        return (f.Name, bound.Count) switch
        {
            ("abs", 1) => VariesPerRow(bound[0])
                ? new BoundRowFunction("abs", ValueKind.Dynamic, bound, AbsOfAny)
                : new BoundNegate(NegateExpression.Mode.Abs, Numeric(bound[0])),
            ("coalesce", >= 2) or ("ifnull", 2) => Coalesce(bound, f.Name),
            ("nullif", 2) => new BoundCase(
                bound[0].Kind, [(Compare(ComparisonOperator.Equal, bound[0], bound[1]), new BoundConstant(null, bound[0].Kind))], bound[0]),
            ("length", 1) => new BoundRowFunction("length", ValueKind.Integer, bound, Length),
            ("lower", 1) => new BoundRowFunction("lower", ValueKind.Text, bound, v => v[0] is null ? null : TextKernels.AsciiLower(NumericText.ToText(v[0]!))),
            ("upper", 1) => new BoundRowFunction("upper", ValueKind.Text, bound, v => v[0] is null ? null : TextKernels.AsciiUpper(NumericText.ToText(v[0]!))),
            ("round", 1 or 2) => new BoundRowFunction("round", ValueKind.Real, [AsReal(NumericArgument(bound[0])), .. bound.Skip(1).Select(b => AsInteger(NumericArgument(b)))], Round),
            ("substr" or "substring", 2 or 3) => new BoundRowFunction(
                "substr",
                bound[0].Kind is ValueKind.Blob or ValueKind.Dynamic ? bound[0].Kind : ValueKind.Text,
                [bound[0], .. bound.Skip(1).Select(b => AsInteger(NumericArgument(b)))],
                Substr),
            _ when TryBindDateTimeFunction(f.Name, bound) is { } date => date,
            _ when TryBindMoreFunctions(f.Name, bound) is { } more => more,
            _ when TryBindScalarFunctions(f.Name, bound) is { } scalar => scalar,
            _ when TryBindTextAndHintFunctions(f, bound) is { } other => other,
            _ when TryBindSystemFunctions(f.Name, bound) is { } system => system,
            _ when IsKnownScalarFunction(f.Name) =>
                throw new YodaException($"wrong number of arguments to function {f.Name}()"),
            _ => throw new YodaException($"no such function: {f.Name}"),
        };
    }

    /// <summary>
    /// <c>agg(x) FILTER (WHERE p)</c> is <c>agg(CASE WHEN p THEN x END)</c> (and <c>count(*)</c>
    /// counts <c>CASE WHEN p THEN 1 END</c>): every aggregate skips NULLs, so rows failing p do not count.
    /// </summary>
    private static FunctionCallExpr FilterAsArgument(FunctionCallExpr f)
    {
        if (f.Name is not ("count" or "sum" or "total" or "avg" or "min" or "max" or "group_concat" or "string_agg")
            || (f.Name is "min" or "max" && f.Arguments.Length != 1))
        {
            throw new YodaException($"FILTER may not be used with non-aggregate {f.Name}()");
        }

        var first = f.Star ? new LiteralExpr(1L) : f.Arguments.IsEmpty ? new LiteralExpr(null) : f.Arguments[0];
        var filtered = new CaseExpr(null, [new WhenClause(f.Filter!, first)], null);
        return f with { Arguments = [filtered, .. f.Arguments.Skip(1)], Star = false, Filter = null };
    }

    private BoundExpr BindAggregateArgument(FunctionCallExpr f, BindContext context)
    {
        if (context is BindContext.AggregateArgument)
        {
            throw new YodaException($"misuse of aggregate function {f.Name}()");
        }

        var argument = BindExpr(f.Arguments[0], BindContext.AggregateArgument);
        if (f.Distinct && f.Name is "count" or "sum" or "avg" or "total")
        {
            // Folding changes neither NULL-ness nor the numeric value of a text, only which texts are equal.
            argument = ComparedValue(argument);
        }

        if (f.Name is "sum" or "avg" or "total" && argument is BoundConstant { Value: string or byte[] } constant)
        {
            argument = BoundConstant.Of(constant.Value is string s ? NumericText.SummandOf(s) : NumericText.RealOf(constant.Value));
        }

        return argument;
    }

    private static BoundAggregate Aggregate(FunctionCallExpr f, AggregateFunction function, BoundExpr? argument, BindContext context)
    {
        if (context is not (BindContext.SelectList or BindContext.Having or BindContext.OrderBy))
        {
            throw new YodaException(context == BindContext.GroupBy
                ? "aggregate functions are not allowed in the GROUP BY clause"
                : $"misuse of aggregate function {f.Name}()");
        }

        return new BoundAggregate(function, argument, f.Distinct, AggregateSpec.ResultKindOf(function, argument?.Kind));
    }

    /// <summary>
    /// min()/max() under NOCASE or RTRIM: the value on the first row where the folded text is least
    /// (greatest), which is the value SQLite keeps.
    /// </summary>
    private static BoundAggregate CollatedExtreme(FunctionCallExpr f, AggregateFunction function, BoundExpr argument, BindContext context) =>
        Aggregate(f, function == AggregateFunction.Min ? AggregateFunction.ValueAtMin : AggregateFunction.ValueAtMax, argument, context)
            with { Key = ComparedValue(argument) };

    private static BoundExpr Coalesce(IReadOnlyList<BoundExpr> args, string name)
    {
        var kind = CommonKind(args);
        var branches = args.SkipLast(1).Select(a => ((BoundExpr)new BoundIsNull(a, true), Convert(a, kind))).ToList();
        return new BoundCase(kind, branches, Convert(args[^1], kind));
    }

    /// <summary>SQLite's absFunc for a value of any class: an INTEGER stays one (the least one fails), anything else is read as a REAL.</summary>
    private static object? AbsOfAny(object?[] v) => v[0] switch
    {
        null => null,
        long.MinValue => throw new YodaException("integer overflow"),
        long l => Math.Abs(l),
        var other => Math.Abs(NumericText.RealOf(other)),
    };

    private static object? Length(object?[] v) => v[0] switch
    {
        null => null,
        string s => TextKernels.CodePointLength(s),
        byte[] b => (long)b.Length,
        var number => (long)NumericText.ToText(number).Length,
    };

    private static object? Round(object?[] v) =>
        v[0] is not double r || (v.Length > 1 && v[1] is null)
            ? null
            : RealRounding.Round(r, v.Length > 1 ? (int)Math.Clamp((long)v[1]!, 0, 30) : 0);

    private static object? Substr(object?[] v)
    {
        if (v.Any(x => x is null))
        {
            return null;
        }

        var start = (long)v[1]!;
        long? length = v.Length > 2 ? (long)v[2]! : null;
        // SQLite reads a zero-length blob as a null pointer, so substr() of it is NULL.
        return v[0] is byte[] b ? (b.Length == 0 ? null : TextKernels.Substring(b, start, length)) : TextKernels.Substring(NumericText.ToText(v[0]!), start, length);
    }
}
