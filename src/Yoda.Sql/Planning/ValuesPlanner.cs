using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Sql.Ast;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary><c>VALUES (..), (..)</c>: columns column1, column2, … of one kind each (as for CASE branches), no affinity.</summary>
internal static class ValuesPlanner
{
    public static PhysicalPlan Plan(ValuesQuery values, Binder binder)
    {
        var width = values.Rows[0].Length;
        if (values.Rows.Any(r => r.Length != width))
        {
            throw new YodaException("all VALUES must have the same number of terms");
        }

        var rows = values.Rows.Select(r => r.Select(e => binder.BindExpr(e, BindContext.SelectList)).ToList()).ToList();
        if (rows.SelectMany(r => r).Any(e => e.ContainsAggregate))
        {
            throw new YodaException("misuse of aggregate function in VALUES");
        }

        var kinds = Enumerable.Range(0, width).Select(c => Binder.CommonKind(rows.Select(r => r[c]).ToList())).ToArray();
        var compiled = rows.Select(r => r.Select((e, c) => ExpressionCompiler.Constant.Compile(Binder.Convert(e, kinds[c]))).ToArray()).ToList();
        var columns = kinds.Select((k, c) => new PlannedColumn(
            $"column{c + 1}",
            ArrowTypeOf(k),
            Affinity.None,
            rows.All(r => r[c] is BoundConstant { Value: null }))
        {
            // x IN (VALUES …) compares under a single row's collation; SQLite's rows of a longer list have none.
            ExpressionCollation = rows.Count == 1 ? Binder.ExpressionCollationOf(rows[0][c]) : null,
            ExplicitCollation = rows.Count == 1 ? Binder.ExplicitCollationOf(rows[0][c]) : null,
        }).ToList();
        return new PhysicalPlan(new RowsOperator(kinds, compiled), columns);
    }

    /// <summary>The Arrow type of a computed column of this kind; a dynamic column's (Null here) is decided from its values when the rows are written.</summary>
    public static IArrowType ArrowTypeOf(ValueKind kind) => kind switch
    {
        ValueKind.Dynamic => NullType.Default,
        ValueKind.Integer => Int64Type.Default,
        ValueKind.Real => DoubleType.Default,
        ValueKind.Text => StringType.Default,
        _ => BinaryType.Default,
    };
}
