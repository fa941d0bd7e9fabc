using System.Collections.Immutable;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Windows;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Ast;
using Yoda.Sql.Planning;

namespace Yoda.Sql.Binding;

/// <summary>Window function calls: the window (named windows resolved as SQLite does), its frame, and the function's arguments.</summary>
internal sealed partial class Binder
{
    private ImmutableArray<NamedWindow> _namedWindows = [];

    private BoundExpr BindWindow(FunctionCallExpr f, BindContext context)
    {
        if (context is not (BindContext.SelectList or BindContext.OrderBy))
        {
            throw new YodaException($"misuse of window function {f.Name}()");
        }

        if (f.Distinct)
        {
            throw new YodaException("DISTINCT is not supported for window functions");
        }

        var spec = Resolve(f.Over!);
        var partitionBy = spec.PartitionBy.Select(p => ComparedValue(NoWindowInside(BindExpr(p, context), f))).ToList();
        var orderBy = spec.OrderBy.Select(o => BindWindowOrdering(o, context, f)).ToList();
        var frame = BindFrame(spec.Frame, orderBy, context);
        var args = f.Arguments.Select(a => NoWindowInside(BindExpr(a, context), f)).ToList();
        var (function, arguments, parameter, kind) = WindowFunction(f, args);
        var perRow = IsParameterPerRow(function, args);
        return new BoundWindow(function, f.Name, perRow ? [.. arguments, ParameterArgument(f, args)] : arguments, partitionBy, orderBy, frame, parameter, kind)
        {
            ParameterPerRow = perRow,
        };
    }

    /// <summary>ntile's n, lag/lead's offset or nth_value's N given by anything but an INTEGER constant: read per row by the operator.</summary>
    private static bool IsParameterPerRow(WindowFunctionKind function, List<BoundExpr> args) => function switch
    {
        WindowFunctionKind.Ntile => !IsIntegerConstant(args[0]),
        WindowFunctionKind.Lag or WindowFunctionKind.Lead or WindowFunctionKind.NthValue => args.Count > 1 && !IsIntegerConstant(args[1]),
        _ => false,
    };

    /// <summary>The expression of a per-row parameter: ntile reads its value as an INTEGER (sqlite3_value_int64); lag, lead and nth_value read any class per row.</summary>
    private static BoundExpr ParameterArgument(FunctionCallExpr f, List<BoundExpr> args) =>
        f.Name == "ntile" ? AsInteger(args[0]) : args[1];

    /// <summary>The function, its arguments as the operator reads them, its constant parameter (0 when read per row) and its result kind.</summary>
    private static (WindowFunctionKind, IReadOnlyList<BoundExpr>, long, ValueKind) WindowFunction(FunctionCallExpr f, List<BoundExpr> args)
    {
        void Arity(params int[] counts)
        {
            if (!counts.Contains(args.Count))
            {
                throw new YodaException($"wrong number of arguments to function {f.Name}()");
            }
        }

        switch (f.Name)
        {
            case "row_number" or "rank" or "dense_rank" or "percent_rank" or "cume_dist":
                Arity(0);
                var ranking = f.Name switch
                {
                    "row_number" => WindowFunctionKind.RowNumber,
                    "rank" => WindowFunctionKind.Rank,
                    "dense_rank" => WindowFunctionKind.DenseRank,
                    "percent_rank" => WindowFunctionKind.PercentRank,
                    _ => WindowFunctionKind.CumeDist,
                };
                return (ranking, [], 0, ranking is WindowFunctionKind.PercentRank or WindowFunctionKind.CumeDist ? ValueKind.Real : ValueKind.Integer);
            case "ntile":
                Arity(1);
                return (WindowFunctionKind.Ntile, [], IsIntegerConstant(args[0]) ? PositiveConstant(args[0], "argument of ntile must be a positive integer") : 0, ValueKind.Integer);
            case "lag" or "lead":
                Arity(1, 2, 3);
                var offset = args.Count < 2 ? 1 : IsIntegerConstant(args[1]) ? (long)((BoundConstant)args[1]).Value! : 0;
                var kind = args.Count > 2 ? CommonKind([args[0], args[2]]) : args[0].Kind;
                IReadOnlyList<BoundExpr> values = args.Count > 2 ? [Convert(args[0], kind), Convert(args[2], kind)] : [args[0]];
                return (f.Name == "lag" ? WindowFunctionKind.Lag : WindowFunctionKind.Lead, values, offset, kind);
            case "first_value" or "last_value":
                Arity(1);
                return (f.Name == "first_value" ? WindowFunctionKind.FirstValue : WindowFunctionKind.LastValue, args, 0, args[0].Kind);
            case "nth_value":
                Arity(2);
                return (WindowFunctionKind.NthValue, [args[0]], IsIntegerConstant(args[1]) ? PositiveConstant(args[1], "second argument to nth_value must be a positive integer") : 0, args[0].Kind);
            case "count" when f.Star:
                return (WindowFunctionKind.CountStar, [], 0, ValueKind.Integer);
            case "count" or "min" or "max":
                Arity(1);
                var (aggregate, resultKind) = f.Name switch
                {
                    "count" => (WindowFunctionKind.Count, ValueKind.Integer),
                    "min" => (WindowFunctionKind.Min, args[0].Kind),
                    _ => (WindowFunctionKind.Max, args[0].Kind),
                };
                return aggregate != WindowFunctionKind.Count && IsCollatedText(args[0])
                    ? (aggregate, [args[0], ComparedValue(args[0])], 0, resultKind)
                    : (aggregate, args, 0, resultKind);
            case "sum" or "total" or "avg":
                Arity(1);
                var number = NumericArgument(args[0]);
                var sumKind = f.Name == "sum" ? AggregateSpec.ResultKindOf(AggregateFunction.Sum, number.Kind) : ValueKind.Real;
                var function = f.Name switch { "sum" => WindowFunctionKind.Sum, "total" => WindowFunctionKind.Total, _ => WindowFunctionKind.Avg };
                return (function, [number], 0, sumKind);
            case "group_concat" or "string_agg":
                Arity(f.Name == "string_agg" ? [2] : [1, 2]);
                return (WindowFunctionKind.GroupConcat, [args[0], .. args.Skip(1).Select(s => Convert(s, ValueKind.Text))], 0, ValueKind.Text);
            default:
                throw new YodaException(IsKnownScalarFunction(f.Name) || f.Name is "printf" or "format" or "char"
                    ? $"{f.Name}() may not be used as a window function"
                    : $"no such function: {f.Name}");
        }
    }

    /// <summary>The window of an OVER clause with its named base window merged in (SQLite's rules for what a reference may add).</summary>
    private WindowSpec Resolve(WindowSpec spec)
    {
        if (spec.BaseName is null)
        {
            return spec;
        }

        var named = _namedWindows.FirstOrDefault(w => string.Equals(w.Name, spec.BaseName, StringComparison.OrdinalIgnoreCase))
            ?? throw new YodaException($"no such window: {spec.BaseName}");
        var baseSpec = Resolve(named.Spec);
        if (spec.IsReference)
        {
            return baseSpec;
        }

        if (!spec.PartitionBy.IsEmpty)
        {
            throw new YodaException($"cannot override PARTITION clause of window: {spec.BaseName}");
        }

        if (!spec.OrderBy.IsEmpty && !baseSpec.OrderBy.IsEmpty)
        {
            throw new YodaException($"cannot override ORDER BY clause of window: {spec.BaseName}");
        }

        if (baseSpec.Frame is not null)
        {
            throw new YodaException($"cannot override frame specification of window: {spec.BaseName}");
        }

        return new WindowSpec(null, baseSpec.PartitionBy, spec.OrderBy.IsEmpty ? baseSpec.OrderBy : spec.OrderBy, spec.Frame ?? baseSpec.Frame);
    }

    private BoundOrdering BindWindowOrdering(OrderingTerm term, BindContext context, FunctionCallExpr f)
    {
        var nullsFirst = term.Nulls == NullsOrder.First || (term.Nulls == NullsOrder.Default && !term.Descending);
        var bound = NoWindowInside(BindExpr(term.Expr, context), f);
        return WithCollation(new BoundOrdering(bound, term.Descending, nullsFirst, null));
    }

    private WindowFrame BindFrame(FrameSpec? frame, IReadOnlyList<BoundOrdering> orderBy, BindContext context)
    {
        if (frame is null)
        {
            return WindowFrame.Default;
        }

        var (start, end) = (frame.Start.Kind, frame.End.Kind);
        if (start == FrameBoundKind.UnboundedFollowing || end == FrameBoundKind.UnboundedPreceding
            || (start == FrameBoundKind.CurrentRow && end == FrameBoundKind.Preceding)
            || (start == FrameBoundKind.Following && end is FrameBoundKind.Preceding or FrameBoundKind.CurrentRow))
        {
            throw new YodaException("unsupported frame specification");
        }

        var hasOffset = frame.Start.Offset is not null || frame.End.Offset is not null;
        if (frame.Unit == FrameUnit.Range && hasOffset)
        {
            if (orderBy.Count != 1)
            {
                throw new YodaException("RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression");
            }
        }

        var startOffset = FrameOffset(frame.Start.Offset, frame.Unit, "starting", context);
        var endOffset = FrameOffset(frame.End.Offset, frame.Unit, "ending", context);
        if (frame.Unit == FrameUnit.Range && hasOffset && orderBy[0].Expr.Kind is ValueKind.Text or ValueKind.Blob)
        {
            // SQLite adds an offset to numeric keys only: over TEXT or BLOB a bound with an offset is the current row's peers.
            (start, end) = (start is FrameBoundKind.Preceding or FrameBoundKind.Following ? FrameBoundKind.CurrentRow : start,
                end is FrameBoundKind.Preceding or FrameBoundKind.Following ? FrameBoundKind.CurrentRow : end);
        }

        return new WindowFrame(frame.Unit, start, startOffset, end, endOffset, frame.Exclusion);
    }

    /// <summary>A frame offset: a non-negative integer constant (ROWS, GROUPS) or number (RANGE).</summary>
    private double FrameOffset(Expr? offset, FrameUnit unit, string which, BindContext context)
    {
        if (offset is null)
        {
            return 0;
        }

        // SQLite replaces an offset that is not a constant expression (a column, a function call, a subquery) by NULL.
        var bound = ExprTree.Any(offset, e => e is ColumnRefExpr or FunctionCallExpr or LikeExpr or SubqueryExpr or ExistsExpr or InSubqueryExpr)
            ? new BoundConstant(null, ValueKind.Integer)
            : BindExpr(offset, context);
        // What is left reads no row (a COLLATE, an INTEGER operation that overflows): evaluated once, as SQLite does.
        var value = bound is BoundConstant constant ? constant.Value : ExpressionCompiler.Evaluate(bound);
        if (value is string text)
        {
            value = NumericText.TryWellFormed(text);
        }

        return (unit, value) switch
        {
            (FrameUnit.Range, long l) when l >= 0 => l,
            (FrameUnit.Range, double d) when d >= 0 => d,
            (FrameUnit.Range, _) => throw new YodaException($"frame {which} offset must be a non-negative number"),
            (_, long l) when l >= 0 => l,
            _ => throw new YodaException($"frame {which} offset must be a non-negative integer"),
        };
    }

    private static bool IsIntegerConstant(BoundExpr e) => e is BoundConstant { Value: long };

    private static long PositiveConstant(BoundExpr e, string message) =>
        (long)((BoundConstant)e).Value! is var value && value > 0 ? value : throw new YodaException(message);

    private static BoundExpr NoWindowInside(BoundExpr e, FunctionCallExpr f) =>
        e is not BoundWindow && !e.Children.Any(c => ContainsWindow(c))
            ? e
            : throw new YodaException($"misuse of window function {f.Name}()");

    private static bool ContainsWindow(BoundExpr e) => e is BoundWindow || e.Children.Any(ContainsWindow);
}
