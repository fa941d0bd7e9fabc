using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Kernels;
using Yoda.Columnar.Types;
using Yoda.Sql.Ast;
using Yoda.Sql.Parsing;
using Yoda.Sql.Planning;

namespace Yoda.Sql.Binding;

internal sealed partial class Binder
{
    /// <summary>SQLite's SQLITE_MAX_EXPR_DEPTH: deeper expression trees are rejected, never overflow the stack.</summary>
    public const int MaxExpressionDepth = 1000;

    private int _depth;

    public BoundExpr BindExpr(Expr expr, BindContext context)
    {
        if (++_depth > MaxExpressionDepth)
        {
            throw new YodaException($"Expression tree is too large (maximum depth {MaxExpressionDepth})");
        }

        try
        {
            var bound = BindNode(WithoutRowValues(expr), context);
            return bound is BoundConstant or BoundCollate or BoundWindow || bound.ContainsAggregate || bound.Children.Count == 0 || !bound.Children.All(c => c is BoundConstant)
                ? bound
                : Fold(bound);
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>
    /// The value of a constant expression, or the expression itself when evaluating it fails
    /// (<c>abs(-9223372036854775808)</c>): SQLite raises such an error only if a row makes it
    /// evaluate the expression, so over no rows there is no error.
    /// </summary>
    private static BoundExpr Fold(BoundExpr e)
    {
        try
        {
            var value = ExpressionCompiler.Evaluate(e);
            return new BoundConstant(value, e.Kind == ValueKind.Dynamic ? BoundConstant.Of(value).Kind : e.Kind, e.Affinity);
        }
        catch (YodaException)
        {
            return e;
        }
    }

    /// <summary>
    /// SQLite evaluates a WHERE term that reads no row once, before the scan, so its run-time error
    /// (<c>abs(-9223372036854775808)</c>) is raised even over no rows; elsewhere a constant that
    /// fails to fold is evaluated per row (see <c>Fold</c>).
    /// </summary>
    private static void EvaluateConstantTerms(BoundExpr? where)
    {
        foreach (var term in where is null ? [] : Conjuncts(where))
        {
            if (term is not BoundConstant && ReadsNoRow(term))
            {
                ExpressionCompiler.Evaluate(term);
            }
        }
    }

    private static bool ReadsNoRow(BoundExpr e) =>
        e is not (BoundColumn or BoundOuterReference or BoundSubquery or BoundAggregate or BoundWindow) && e.Children.All(ReadsNoRow);

    private BoundExpr BindNode(Expr expr, BindContext context) => expr switch
    {
        LiteralExpr l => BoundConstant.Of(l.Value),
        CurrentTimeExpr t => BoundConstant.Of(shared.StatementTime.ToString(
            t.Keyword switch { "CURRENT_DATE" => "yyyy-MM-dd", "CURRENT_TIME" => "HH:mm:ss", _ => "yyyy-MM-dd HH:mm:ss" },
            System.Globalization.CultureInfo.InvariantCulture)),
        ParameterExpr p => BindParameter(p),
        ColumnRefExpr c => BindColumn(c, context),
        UnaryExpr u => BindUnary(u, context),
        BinaryExpr b => BindBinary(b, context),
        IsNullExpr n => new BoundIsNull(BindExpr(n.Operand, context), n.Negated),
        BetweenExpr b => BindBetween(b, context),
        InListExpr i => BindInList(i, context),
        LikeExpr l => new BoundLike(
            BindExpr(l.Operand, context), BindExpr(l.Pattern, context), l.Escape is null ? null : BindExpr(l.Escape, context), l.Negated),
        CaseExpr c => BindCase(c, context),
        CastExpr c => BindCast(BindExpr(c.Operand, context), c.TypeName),
        FunctionCallExpr f => BindFunctionCall(f, context),
        SubqueryExpr q => BindSubquery(q.Query, SubqueryMode.Scalar, null, false, context),
        ExistsExpr e => BindSubquery(e.Query, SubqueryMode.Exists, null, false, context),
        InSubqueryExpr i => BindSubquery(i.Query, SubqueryMode.In, i.Operand, i.Negated, context),
        CollateExpr c => BindCollate(c, context),
        RowValueExpr => throw new YodaException("row value misused"),
        _ => throw new YodaException($"{expr.GetType().Name} is not supported yet"),
    };

    private BoundConstant BindParameter(ParameterExpr p)
    {
        var index = _parameterIndexByOffset[p.Offset];
        if (index < 1 || index > Placeholders.MaxIndex)
        {
            throw new YodaException($"variable number must be between ?1 and ?{Placeholders.MaxIndex}");
        }

        if (index > _parameters.Count)
        {
            throw new YodaException($"missing value for parameter {p.Text} (index {index}; {_parameters.Count} value(s) given)");
        }

        return BoundConstant.Of(ParameterValues.Normalize(_parameters[index - 1], index - 1));
    }

    private BoundExpr BindUnary(UnaryExpr u, BindContext context)
    {
        var operand = BindExpr(u.Operand, context);
        return u.Operator switch
        {
            UnaryOperator.Plus => operand,
            UnaryOperator.Not => new BoundNot(operand),
            UnaryOperator.Negate => Negate(operand),
            _ => new BoundNegate(NegateExpression.Mode.BitNot, AsInteger(operand)),
        };
    }

    private BoundExpr BindBinary(BinaryExpr b, BindContext context)
    {
        var left = BindExpr(b.Left, context);
        var right = BindExpr(b.Right, context);
        return b.Operator switch
        {
            BinaryOperator.And => new BoundLogical(true, left, right),
            BinaryOperator.Or => new BoundLogical(false, left, right),
            BinaryOperator.Concat => new BoundConcat(left, right),
            BinaryOperator.Equal => Compare(ComparisonOperator.Equal, left, right),
            BinaryOperator.NotEqual => Compare(ComparisonOperator.NotEqual, left, right),
            BinaryOperator.Less => Compare(ComparisonOperator.Less, left, right),
            BinaryOperator.LessOrEqual => Compare(ComparisonOperator.LessOrEqual, left, right),
            BinaryOperator.Greater => Compare(ComparisonOperator.Greater, left, right),
            BinaryOperator.GreaterOrEqual => Compare(ComparisonOperator.GreaterOrEqual, left, right),
            BinaryOperator.Is => Compare(ComparisonOperator.Is, left, right),
            BinaryOperator.IsNot => Compare(ComparisonOperator.IsNot, left, right),
            BinaryOperator.BitAnd => Bitwise(ArithmeticOperator.BitAnd, left, right),
            BinaryOperator.BitOr => Bitwise(ArithmeticOperator.BitOr, left, right),
            BinaryOperator.ShiftLeft => Bitwise(ArithmeticOperator.ShiftLeft, left, right),
            BinaryOperator.ShiftRight => Bitwise(ArithmeticOperator.ShiftRight, left, right),
            BinaryOperator.Add => Arithmetic(ArithmeticOperator.Add, left, right),
            BinaryOperator.Subtract => Arithmetic(ArithmeticOperator.Subtract, left, right),
            BinaryOperator.Multiply => Arithmetic(ArithmeticOperator.Multiply, left, right),
            BinaryOperator.Divide => Arithmetic(ArithmeticOperator.Divide, left, right),
            _ => Arithmetic(ArithmeticOperator.Modulo, left, right),
        };
    }

    /// <summary>
    /// + - * / %: INTEGER or REAL by the operands' kinds, except where SQLite's result class varies
    /// per row (a non-constant TEXT, BLOB or dynamic operand, or an INTEGER operation that overflowed
    /// in an earlier run of this statement), which are <see cref="ValueKind.Dynamic"/>.
    /// </summary>
    private BoundExpr Arithmetic(ArithmeticOperator op, BoundExpr left, BoundExpr right)
    {
        var symbol = op.ToString().ToLowerInvariant();
        if (VariesPerRow(left) || VariesPerRow(right))
        {
            return new BoundArithmetic(op, NumericConstant(left), NumericConstant(right), ValueKind.Dynamic);
        }

        left = Numeric(left, symbol);
        right = Numeric(right, symbol);
        if (op == ArithmeticOperator.Modulo && left.Kind != right.Kind)
        {
            // SQLite takes the remainder of both operands as INTEGERs (the INTEGER one exactly) and gives it as a REAL.
            return new BoundCast(ValueKind.Real, new BoundArithmetic(op, AsInteger(left), AsInteger(right)), Affinity.None);
        }

        if (left.Kind != right.Kind)
        {
            left = AsReal(left);
            right = AsReal(right);
        }

        var arithmetic = new BoundArithmetic(op, left, right);
        return arithmetic.Kind == ValueKind.Integer && shared.OverflowedOperations.Contains(arithmetic.Text)
            ? new BoundArithmetic(op, left, right, ValueKind.Dynamic)
            : arithmetic;
    }

    /// <summary>
    /// Unary minus. SQLite computes it as 0 - x, which is how it is bound where the result class
    /// varies per row: for a non-constant TEXT or dynamic operand, and for an INTEGER operand whose
    /// negation overflowed (-(-9223372036854775808)) in an earlier run.
    /// </summary>
    private BoundExpr Negate(BoundExpr operand)
    {
        if (VariesPerRow(operand))
        {
            return new BoundArithmetic(ArithmeticOperator.Subtract, BoundConstant.Of(0L), operand, ValueKind.Dynamic);
        }

        operand = Numeric(operand, "unary -");
        var negate = new BoundNegate(NegateExpression.Mode.Negate, operand);
        return operand.Kind == ValueKind.Integer && shared.OverflowedOperations.Contains(negate.Text)
            ? new BoundArithmetic(ArithmeticOperator.Subtract, BoundConstant.Of(0L), operand, ValueKind.Dynamic)
            : negate;
    }

    private static bool VariesPerRow(BoundExpr e) => e.Kind == ValueKind.Dynamic || (e.Kind is ValueKind.Text or ValueKind.Blob && e is not BoundConstant);

    private static BoundExpr NumericConstant(BoundExpr e) => e is BoundConstant ? Numeric(e, "arithmetic") : e;

    /// <summary>~ & | << >> read each operand as CAST(x AS INTEGER) does, row by row: text and blobs by their integer prefix ('1e3' is 1), reals truncated.</summary>
    private static BoundExpr Bitwise(ArithmeticOperator op, BoundExpr left, BoundExpr right) =>
        new BoundArithmetic(op, AsInteger(left), AsInteger(right));

    /// <summary>
    /// An operand of arithmetic as a number: constant text or blob is read as SQLite reads it
    /// ('12abc' is 12); a dynamic operand passes; a non-constant TEXT operand would need a per-row
    /// type (only arithmetic gives it one) and is refused.
    /// </summary>
    private static BoundExpr Numeric(BoundExpr e, string operation)
    {
        if (e.Kind is ValueKind.Integer or ValueKind.Real or ValueKind.Dynamic)
        {
            return e;
        }

        if (e is BoundConstant c)
        {
            return c.Value is null ? new BoundConstant(null, ValueKind.Integer) : BoundConstant.Of(NumericText.ParsePrefix(NumericText.ToText(c.Value)));
        }

        throw new YodaException($"arithmetic ({operation}) on {e.Kind.ToString().ToUpperInvariant()} values is not supported yet");
    }

    /// <summary>
    /// An argument a function reads with sqlite3_value_double or sqlite3_value_int64: a non-constant
    /// TEXT or BLOB passes as it is, for the caller's CAST AS REAL / AS INTEGER, which reads its
    /// numeric prefix row by row as those calls do; anything else as <see cref="Numeric"/>.
    /// </summary>
    private static BoundExpr NumericArgument(BoundExpr e, string operation) =>
        e is not BoundConstant && e.Kind is ValueKind.Text or ValueKind.Blob ? e : Numeric(e, operation);

    private static BoundExpr AsReal(BoundExpr e) => e.Kind == ValueKind.Real ? e : new BoundCast(ValueKind.Real, e, Affinity.None);

    private static BoundExpr AsInteger(BoundExpr e) => e.Kind == ValueKind.Integer ? e : new BoundCast(ValueKind.Integer, e, Affinity.None);

    private BoundExpr BindBetween(BetweenExpr b, BindContext context)
    {
        var operand = BindExpr(b.Operand, context);
        var low = Compare(ComparisonOperator.GreaterOrEqual, operand, BindExpr(b.Low, context));
        var high = Compare(ComparisonOperator.LessOrEqual, operand, BindExpr(b.High, context));
        BoundExpr between = new BoundLogical(true, low, high);
        return b.Negated ? new BoundNot(between) : between;
    }

    /// <summary>x IN (a, b, ..) as a balanced OR of equalities, which has IN's three-valued result.</summary>
    private BoundExpr BindInList(InListExpr i, BindContext context)
    {
        if (i.Items.IsEmpty)
        {
            return BoundConstant.Of(i.Negated ? 1L : 0L);
        }

        var operand = BindExpr(i.Operand, context);
        var equalities = InListEqualities(operand, i.Items.Select(item => BindExpr(item, context)).ToList());
        var any = Balanced(equalities, 0, equalities.Count);
        return i.Negated ? new BoundNot(any) : any;
    }

    private static BoundExpr Balanced(List<BoundExpr> terms, int from, int to) =>
        to - from == 1 ? terms[from] : new BoundLogical(false, Balanced(terms, from, (from + to) / 2), Balanced(terms, (from + to) / 2, to));

    private BoundExpr BindCase(CaseExpr c, BindContext context)
    {
        var operand = c.Operand is null ? null : BindExpr(c.Operand, context);
        var whens = c.Whens.Select(w =>
        {
            var condition = BindExpr(w.When, context);
            return operand is null ? condition : Compare(ComparisonOperator.Equal, operand, condition);
        }).ToList();
        var values = c.Whens.Select(w => BindExpr(w.Then, context)).ToList();
        var otherwise = c.Else is null ? null : BindExpr(c.Else, context);
        var kind = CommonKind([.. values, .. otherwise is null ? Array.Empty<BoundExpr>() : [otherwise]], "CASE");
        return new BoundCase(kind, whens.Zip(values, (w, v) => (w, Convert(v, kind))).ToList(), otherwise is null ? null : Convert(otherwise, kind));
    }

    /// <summary>
    /// The static kind of an expression whose value comes from one of several branches: NULL
    /// constants do not count; INTEGER, REAL and TEXT mixed give <see cref="ValueKind.Dynamic"/>
    /// (each row keeps its branch's class, as in SQLite); a BLOB mixed with others is refused.
    /// </summary>
    internal static ValueKind CommonKind(IReadOnlyList<BoundExpr> branches, string what)
    {
        var kinds = branches.Where(b => b is not BoundConstant { Value: null }).Select(b => b.Kind).Distinct().ToList();
        return kinds.Count switch
        {
            0 => ValueKind.Integer,
            1 => kinds[0],
            _ when !kinds.Contains(ValueKind.Blob) => ValueKind.Dynamic,
            _ => throw new YodaException(
                $"mixed-type expression {what} ({string.Join(", ", kinds.Select(k => k.ToString().ToUpperInvariant()))}) is not supported yet"),
        };
    }

    /// <summary>A branch value as <paramref name="kind"/>: converted, or as it is for a dynamic result (a NULL takes the kind).</summary>
    internal static BoundExpr Convert(BoundExpr e, ValueKind kind) =>
        e.Kind == kind ? e
        : e is BoundConstant { Value: null } ? new BoundConstant(null, kind)
        : kind == ValueKind.Dynamic ? e
        : new BoundCast(kind, e, Affinity.None);
}
