using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// Picks the WHERE and inner-join ON conjuncts that a table's scan can test on its stored arrays:
/// <c>column &lt;op&gt; constant</c> and <c>column IN (constants)</c> on an Int64, Double or String
/// column with constants of the column's kind, and <c>column [NOT] LIKE 'text'</c> on a String column
/// with a pattern of literal text and '%' only, reading one table that is never NULL-extended (no pushdown at all in a query with a RIGHT or FULL join);
/// also <c>column IN (uncorrelated subquery)</c> on an Int64 column (<see cref="InSubquery"/>).
/// Such a conjunct is removed from the filters above the scan.
/// </summary>
internal sealed class ScanPushdown
{
    private readonly HashSet<BoundExpr> _pushed = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<int, List<ScanPredicate>> _byTable = [];

    private ScanPushdown()
    {
    }

    public static ScanPushdown None { get; } = new();

    public static ScanPushdown Of(BoundQuery q, QueryMemory? memory = null)
    {
        var pushdown = new ScanPushdown();
        if (q.Tables.Any(t => t.RightOuter))
        {
            // Every table before a RIGHT or FULL join may be NULL-extended: its filters stay above the join.
            return pushdown;
        }

        var candidates = Conjuncts(q.Where).Concat(q.Tables.Where(t => !t.LeftOuter).SelectMany(t => Conjuncts(t.On))).ToList();
        foreach (var conjunct in candidates)
        {
            var table = TableOf(conjunct, q.Tables);
            if (table >= 0 && q.Tables[table] is { LeftOuter: false, Correlated: null } && Predicate(conjunct, q.Tables[table]) is { } predicate)
            {
                pushdown._pushed.Add(conjunct);
                pushdown.For(table).Add(predicate);
            }
        }

        foreach (var conjunct in candidates)
        {
            var table = TableOf(conjunct, q.Tables);
            if (table >= 0 && q.Tables[table] is { LeftOuter: false, Correlated: null } && InSubquery(conjunct, q.Tables[table], memory) is { } predicate
                && candidates.All(other => ReferenceEquals(other, conjunct) || pushdown.IsPushed(other) || TableOf(other, q.Tables) != table))
            {
                pushdown._pushed.Add(conjunct);
                pushdown.For(table).Add(predicate);
            }
        }

        return pushdown;
    }

    /// <summary>
    /// <c>column IN (uncorrelated subquery)</c> (or an EXISTS decorrelated to it) on a stored INTEGER
    /// column, compared with numeric affinity: the row passes exactly when its value is one of the
    /// subquery's INTEGER members (<see cref="InValueSet.Integers"/>), which the scan asks for when the
    /// first row reaches it. Only when every other conjunct reading the table alone is a scan
    /// predicate too (those cannot fail): a fallible one must still see the rows SQLite tests it on,
    /// and the subquery itself runs only once a row reaches it.
    /// </summary>
    private static IntegerSetPredicate? InSubquery(BoundExpr conjunct, BoundTable table, QueryMemory? memory)
    {
        if (conjunct is not BoundSubquery { Mode: SubqueryMode.In or SubqueryMode.ExistsMatch, Negated: false, Operand: BoundColumn { Kind: ValueKind.Integer } column } subquery
            || subquery.InAffinity == Affinity.Text || subquery.Frame.References.Count > 0)
        {
            return null;
        }

        var index = column.Index - table.Offset;
        var fields = table.Snapshot.Schema.FieldsList;
        return index >= 0 && index < fields.Count && fields[index].DataType.TypeId == ArrowTypeId.Int64
            ? new IntegerSetPredicate(index, () => InValueSet.Of(subquery.Plan.Run(subquery.Cancellation), subquery.InAffinity, memory?.Statement).Integers, conjunct.Text, memory)
            : null;
    }

    /// <summary>True when <paramref name="conjunct"/> is tested by a scan and needs no filter of its own.</summary>
    public bool IsPushed(BoundExpr conjunct) => _pushed.Contains(conjunct);

    /// <summary>
    /// The predicates of a table's scan, cheapest first, so that the dearer ones test only the rows the
    /// cheaper ones leave: numeric comparisons (a SIMD compare per row), then text comparisons and IN
    /// lists (a byte comparison or several per row), LIKEs last (a search through the text).
    /// </summary>
    public IReadOnlyList<ScanPredicate> PredicatesOf(int table) =>
        _byTable.TryGetValue(table, out var list) ? [.. list.OrderBy(Cost)] : [];

    private static int Cost(ScanPredicate predicate) => predicate switch
    {
        ComparisonPredicate { ComparesText: false } => 0,
        LikePredicate => 2,
        IntegerSetPredicate => 3,
        _ => 1,
    };

    /// <summary>The parts of an AND chain, in order.</summary>
    public static IEnumerable<BoundExpr> Conjuncts(BoundExpr? e) => e switch
    {
        null => [],
        BoundLogical { IsAnd: true } and => Conjuncts(and.Left).Concat(Conjuncts(and.Right)),
        _ => [e],
    };

    /// <summary>The expression without its pushed conjuncts (null when nothing is left).</summary>
    public BoundExpr? Remaining(BoundExpr? e)
    {
        var parts = Conjuncts(e).Where(c => !IsPushed(c)).ToList();
        if (parts.Count == Conjuncts(e).Count())
        {
            return e;
        }

        return parts.Count == 0 ? null : parts.Skip(1).Aggregate(parts[0], (a, b) => new BoundLogical(true, a, b));
    }

    private List<ScanPredicate> For(int table)
    {
        if (!_byTable.TryGetValue(table, out var list))
        {
            list = [];
            _byTable.Add(table, list);
        }

        return list;
    }

    private static ScanPredicate? Predicate(BoundExpr conjunct, BoundTable table)
    {
        switch (conjunct)
        {
            case BoundComparison { Operator: not (ComparisonOperator.Is or ComparisonOperator.IsNot), TextAsNumber: false } c:
                if (Pushable(c.Left, c.Right, table) is { } column)
                {
                    return new ComparisonPredicate(column, c.Operator, ((BoundConstant)c.Right).Value!, conjunct.Text);
                }

                if (Pushable(c.Right, c.Left, table) is { } flipped)
                {
                    return new ComparisonPredicate(flipped, Flip(c.Operator), ((BoundConstant)c.Left).Value!, conjunct.Text);
                }

                return null;
            case BoundLogical { IsAnd: false }:
                var equalities = Disjuncts(conjunct).ToList();
                if (equalities.Any(e => e is not BoundComparison { Operator: ComparisonOperator.Equal, TextAsNumber: false, Left: BoundColumn, Right: BoundConstant }))
                {
                    return null;
                }

                var comparisons = equalities.Cast<BoundComparison>().ToList();
                var columns = comparisons.Select(e => Pushable(e.Left, e.Right, table)).Distinct().ToList();
                return columns is [{ } only]
                    ? new InListPredicate(only, comparisons.Select(e => ((BoundConstant)e.Right).Value!).ToList(), conjunct.Text)
                    : null;
            case BoundLike { Escape: null, Pattern: BoundConstant { Value: string text } } like
                when Pushable(like.Operand, like.Pattern, table) is { } likeColumn && Utf8LikePattern.TryCreate(text) is { } pattern:
                return new LikePredicate(likeColumn, pattern, like.Negated, conjunct.Text);
            default:
                return null;
        }
    }

    /// <summary>The schema index of <paramref name="column"/> when it is a stored column of <paramref name="table"/> with a scan kernel and <paramref name="constant"/> a non-NULL constant of its kind.</summary>
    private static int? Pushable(BoundExpr column, BoundExpr constant, BoundTable table)
    {
        if (column is not BoundColumn c || constant is not BoundConstant { Value: not null } k || k.Kind != c.Kind)
        {
            return null;
        }

        var index = c.Index - table.Offset;
        var fields = table.Snapshot.Schema.FieldsList;
        if (index < 0 || index >= fields.Count)
        {
            return null;
        }

        var type = fields[index].DataType.TypeId;
        var stored = (c.Kind, type) is (ValueKind.Integer, ArrowTypeId.Int64) or (ValueKind.Real, ArrowTypeId.Double) or (ValueKind.Text, ArrowTypeId.String);
        return stored ? index : null;
    }

    private static ComparisonOperator Flip(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => ComparisonOperator.Greater,
        ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
        ComparisonOperator.Greater => ComparisonOperator.Less,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
        _ => op,
    };

    private static IEnumerable<BoundExpr> Disjuncts(BoundExpr e) =>
        e is BoundLogical { IsAnd: false } or ? Disjuncts(or.Left).Concat(Disjuncts(or.Right)) : [e];

    /// <summary>The one table whose columns <paramref name="e"/> reads, or -1 (none, or several).</summary>
    private static int TableOf(BoundExpr e, IReadOnlyList<BoundTable> tables)
    {
        var found = -1;
        foreach (var column in Columns(e))
        {
            var table = -1;
            for (var i = tables.Count - 1; i >= 0; i--)
            {
                if (column >= tables[i].Offset)
                {
                    table = i;
                    break;
                }
            }

            if (table < 0 || (found >= 0 && found != table))
            {
                return -1;
            }

            found = table;
        }

        return found;
    }

    private static IEnumerable<int> Columns(BoundExpr e) => e is BoundColumn c ? [c.Index] : e.Children.SelectMany(Columns);
}
