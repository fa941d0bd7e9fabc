using FsCheck;
using FsCheck.Fluent;

namespace Yoda.Testing.Queries;

/// <summary>A column an expression can reference, as SQL text (maybe qualified) with its type.</summary>
public sealed record ColumnRef(string Sql, ColumnType Type, bool Nullable)
{
    public ExprKind Kind => Type.Kind switch
    {
        ValueKind.Integer => ExprKind.Integer,
        ValueKind.Real => ExprKind.Real,
        ValueKind.Text => ExprKind.Text,
        _ => ExprKind.Blob,
    };
}

/// <summary>Knobs of the query grammar.</summary>
public sealed record QueryOptions
{
    public QueryFeatures Features { get; init; } = QueryFeatures.Supported;
    /// <summary>Deepest expression nesting.</summary>
    public int MaxDepth { get; init; } = 3;
    /// <summary>Weight (out of 100) of an aggregate query.</summary>
    public int AggregateWeight { get; init; } = 40;
    /// <summary>
    /// Whether GROUP BY and ORDER BY may use constant expressions other than plain literals (SQLite
    /// reads some of them as ordinals; Yoda follows it since mismatch M1 was fixed).
    /// </summary>
    public bool ConstantSortAndGroupExpressions { get; init; } = true;

    /// <summary>
    /// Whether SUM, AVG and TOTAL may aggregate int64/uint64 values. Off by default: whether SUM
    /// overflows midway depends on the order of summation, which differs when SQLite scans in rowid
    /// order (a documented difference, docs/testing.md M5).
    /// </summary>
    public bool SumsOfWideIntegers { get; init; }

    /// <summary>Whether <c>round(x, n)</c> with n given is generated (ties round as SQLite's since mismatch M3 was fixed).</summary>
    public bool RoundWithDigits { get; init; } = true;

    /// <summary>Whether SUM, TOTAL and AVG may aggregate REAL expressions, which can overflow to infinity (as SQLite's since mismatch M4 was fixed).</summary>
    public bool RealSumsOfExpressions { get; init; } = true;

    /// <summary>
    /// Whether aggregate queries with a REAL group key may use DISTINCT aggregates. Off by default:
    /// SQLite then returns an integral REAL key (1.0) as the INTEGER 1 (a documented difference, docs/testing.md M8).
    /// </summary>
    public bool DistinctAggregatesWithRealGroupKeys { get; init; }

    /// <summary>
    /// Whether join queries and computed columns of subqueries and CTEs may use <c>abs()</c> of an
    /// INTEGER, which fails on -2^63 ("integer overflow"). Off by default: SQLite raises the error
    /// only when its plan evaluates the expression on such a row, which depends on the join order it
    /// picks and on whether it flattens the subquery (a documented difference, docs/testing.md M9).
    /// </summary>
    public bool RuntimeErrorsInJoins { get; init; }

    /// <summary>Weight (out of 100) of a hand-written invalid query (with <see cref="QueryFeatures.InvalidQueries"/>).</summary>
    public int InvalidWeight { get; init; } = 4;
}

/// <summary>FsCheck generators of queries over a generated table, from a grammar switched by <see cref="QueryFeatures"/>.</summary>
public static class QueryGen
{
    /// <summary>A query over <paramref name="table"/>. The query is built from one random seed, so it is reproducible from FsCheck's seed.</summary>
    public static Gen<SelectQuery> Query(GeneratedTable table, QueryOptions? options = null) => Query([table], options);

    /// <summary>
    /// A query over <paramref name="tables"/>: with <see cref="QueryFeatures.Joins"/>, most queries join
    /// two or three of them (inner, left, cross, comma, natural, USING; right and full with
    /// <see cref="QueryFeatures.OuterJoins"/>); the others read the first table alone.
    /// </summary>
    public static Gen<SelectQuery> Query(IReadOnlyList<GeneratedTable> tables, QueryOptions? options = null)
    {
        options ??= new QueryOptions();
        var o = options;
        return Gen.Sized(size => Gen.Choose(0, int.MaxValue).Select(seed => new QueryBuilder(new Random(seed), tables, o, size).Build()));
    }

    /// <summary>A predicate (WHERE-able expression) over <paramref name="table"/>, for metamorphic properties.</summary>
    public static Gen<SqlExpr> Predicate(GeneratedTable table, QueryOptions? options = null)
    {
        options ??= new QueryOptions();
        var o = options;
        return Gen.Choose(0, int.MaxValue).Select(seed => new QueryBuilder(new Random(seed), table, o, 10).Expr(ExprKind.Bool, 2));
    }

    /// <summary>A scalar expression of <paramref name="kind"/> over <paramref name="table"/>.</summary>
    public static Gen<SqlExpr> Expression(GeneratedTable table, ExprKind kind, QueryOptions? options = null)
    {
        options ??= new QueryOptions();
        var o = options;
        return Gen.Choose(0, int.MaxValue).Select(seed => new QueryBuilder(new Random(seed), table, o, 10).Expr(kind, 2));
    }
}

/// <summary>Builds one query imperatively from a seeded <see cref="System.Random"/>.</summary>
public sealed partial class QueryBuilder
{
    private static readonly string[] LikePatterns = ["a%", "%a", "%b%", "_", "__", "%", "", "A%", "é%", "%日%", "a_c", "%'%", "ab%c"];
    private static readonly string[] CompareOps = ["=", "<>", "<", "<=", ">", ">=", "==", "!="];

    private readonly Random _r;
    private readonly GeneratedTable _table;
    private readonly IReadOnlyList<GeneratedTable> _tables;
    private readonly QueryOptions _o;
    private readonly int _size;
    private List<ColumnRef> _columns;
    private string _from;
    // The name that qualifies the columns of a single-source FROM (the table, CTE or subquery alias).
    private string _source;
    // The width of SELECT * (NATURAL and USING joins show a shared column once).
    private int _starWidth;
    // Set in joins and in computed columns of subqueries and CTEs, where SQLite's plan may never
    // evaluate an expression on some rows (M9): no abs() of an INTEGER there.
    private bool _errorsMaySkipRows;

    public QueryBuilder(Random random, GeneratedTable table, QueryOptions options, int size)
        : this(random, [table], options, size)
    {
    }

    /// <summary>A builder over several tables; the first one is the table of single-table queries.</summary>
    public QueryBuilder(Random random, IReadOnlyList<GeneratedTable> tables, QueryOptions options, int size)
    {
        ArgumentOutOfRangeException.ThrowIfZero(tables.Count);
        _r = random;
        _tables = tables;
        var table = tables[0];
        _table = table;
        _o = options;
        _size = size;
        _from = table.Name;
        _source = table.Name;
        _columns = table.Columns.Select(c => new ColumnRef(c.Name, c.Type, c.Nullable)).ToList();
        _starWidth = _columns.Count;
    }

    private bool On(QueryFeatures f) => (_o.Features & f) == f;

    private bool Chance(int percent) => _r.Next(100) < percent;

    private T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];

    public SelectQuery Build()
    {
        if (On(QueryFeatures.InvalidQueries) && Chance(_o.InvalidWeight))
        {
            return Invalid();
        }

        string? with = null;
        if (On(QueryFeatures.Ctes) && Chance(15))
        {
            with = Cte();
        }
        else if (On(QueryFeatures.Subqueries) && Chance(10))
        {
            FromSubquery();
        }
        else if (On(QueryFeatures.Joins) && Chance(_tables.Count > 1 ? 75 : 15))
        {
            Join();
        }

        var query = On(QueryFeatures.Aggregates) && Chance(_o.AggregateWeight) ? Aggregate() : Plain();
        return query with { With = with };
    }

    private SelectQuery Invalid()
    {
        var c = Pick(_table.Columns).Name;
        var t = _table.Name;
        return new SelectQuery(t, [], Raw: Pick(new[]
        {
            $"SELECT nosuch FROM {t}",
            $"SELECT {c} FROM nosuch_table",
            $"SELECT {c} FROM {t} GROUP BY 9",
            $"SELECT {c} FROM {t} ORDER BY 7",
            $"SELECT SUM(SUM({c})) FROM {t}",
            $"SELECT {c} FROM {t} WHERE COUNT(*) > 1",
            $"SELECT abs({c}, 1) FROM {t}",
            $"SELECT nosuchfunction({c}) FROM {t}",
            $"SELECT {c} FROM {t} WHERE",
            $"SELECT {c} FROM {t} LIMIT 'x'",
            $"SELECT COUNT(*) FROM {t} GROUP BY COUNT(*)",
            $"SELECT {c} AS x FROM {t} GROUP BY 0",
        }));
    }

    private int MaxDepth => Math.Min(_o.MaxDepth, 1 + _size / 15);

    private SelectQuery Plain()
    {
        var items = new List<SelectItem>();
        if (Chance(12))
        {
            items.Add(new SelectItem(null));
        }
        else
        {
            var n = 1 + _r.Next(Math.Min(4, 1 + _size / 10));
            for (var i = 0; i < n; i++)
            {
                var kind = Pick(new[] { ExprKind.Integer, ExprKind.Real, ExprKind.Text, ExprKind.Bool, ExprKind.Integer, ExprKind.Blob });
                var e = Chance(40) ? ColumnOrLeaf(kind) : Expr(kind, _r.Next(MaxDepth + 1));
                if (On(QueryFeatures.WindowFunctions) && Chance(12))
                {
                    e = WindowExpr();
                }

                items.Add(new SelectItem(e, On(QueryFeatures.Aliases) && Chance(25) ? "a" + i : null));
            }
        }

        var where = On(QueryFeatures.Where) && Chance(60) ? Expr(ExprKind.Bool, 1 + _r.Next(MaxDepth)) : null;
        var distinct = On(QueryFeatures.Distinct) && Chance(15);
        var query = new SelectQuery(_from, items, distinct, where);
        if (On(QueryFeatures.SetOperations) && Chance(15) && items.All(i => i.Expr is not null))
        {
            var op = Pick(new[] { "UNION ALL", "UNION", "INTERSECT", "EXCEPT" });
            query = query with { SetOperation = op, Right = query with { Where = Expr(ExprKind.Bool, 1), Distinct = false } };
        }

        return WithOrder(query, ResultWidth(items), allowExpressions: !distinct && query.Right is null);
    }

    private int ResultWidth(List<SelectItem> items) =>
        items.Sum(i => i.Expr is null ? _starWidth : 1);

    private SelectQuery Aggregate()
    {
        var keyCount = On(QueryFeatures.GroupBy) ? _r.Next(3) : 0;
        var items = new List<SelectItem>();
        var group = new List<Term>();
        for (var k = 0; k < keyCount; k++)
        {
            var kind = Pick(new[] { ExprKind.Integer, ExprKind.Text, ExprKind.Real, ExprKind.Integer, ExprKind.Blob, ExprKind.Bool });
            var e = Chance(70) ? ColumnOrLeaf(kind) : Expr(kind, 1);
            e = SortOrGroupTerm(e, kind);
            var alias = On(QueryFeatures.Aliases) && Chance(30) ? "g" + k : null;
            items.Add(new SelectItem(e, alias));
            var style = _r.Next(3);
            group.Add(style == 0 && alias is not null ? new Term(null, Alias: alias)
                : style == 1 ? new Term(null, Ordinal: k + 1)
                : new Term(e));
        }

        var aggregates = 1 + _r.Next(3);
        for (var i = 0; i < aggregates; i++)
        {
            var agg = AggregateExpr();
            if (On(QueryFeatures.Arithmetic) && Chance(10) && agg.Kind is ExprKind.Integer or ExprKind.Real)
            {
                agg = new SqlExpr("({0} + {1})", agg.Kind, [agg, IntLiteral()]);
            }

            items.Add(new SelectItem(agg, On(QueryFeatures.Aliases) && Chance(25) ? "x" + i : null));
        }

        var where = On(QueryFeatures.Where) && Chance(40) ? Expr(ExprKind.Bool, 1 + _r.Next(MaxDepth)) : null;
        SqlExpr? having = null;
        if (On(QueryFeatures.Having) && Chance(30))
        {
            var agg = AggregateExpr();
            having = agg.Kind == ExprKind.Bool ? agg : Compare(agg, LiteralOf(agg.Kind == ExprKind.Blob ? ExprKind.Blob : agg.Kind));
        }

        // M8: with a REAL group key, SQLite's DISTINCT-aggregate path may return integral keys as INTEGER.
        if (!_o.DistinctAggregatesWithRealGroupKeys && items.Take(keyCount).Any(i => i.Expr!.Kind == ExprKind.Real))
        {
            items = items.Select(i => i with { Expr = WithoutDistinct(i.Expr!) }).ToList();
            having = having is null ? null : WithoutDistinct(having);
        }

        var query = new SelectQuery(_from, items, On(QueryFeatures.Distinct) && Chance(10), where, group, having, IsAggregate: true);
        return WithOrder(query, items.Count, allowExpressions: false);
    }

    private static SqlExpr WithoutDistinct(SqlExpr e) => e with
    {
        Template = e.IsAggregate ? e.Template.Replace("(DISTINCT ", "(", StringComparison.Ordinal) : e.Template,
        Args = e.Args.Select(WithoutDistinct).ToList(),
    };

    private SelectQuery WithOrder(SelectQuery query, int width, bool allowExpressions)
    {
        if (!On(QueryFeatures.OrderBy) || !Chance(60))
        {
            return query;
        }

        var terms = new List<Term>();
        var explicitTerms = _r.Next(3);
        for (var i = 0; i < explicitTerms; i++)
        {
            Term t;
            var aliased = query.Items.Where(it => it.Alias is not null).ToList();
            if (allowExpressions && Chance(30))
            {
                var kind = Pick(new[] { ExprKind.Integer, ExprKind.Text, ExprKind.Real });
                t = new Term(SortOrGroupTerm(Expr(kind, 1), kind));
            }
            else if (aliased.Count > 0 && Chance(40) && query.Right is null)
            {
                t = new Term(null, Alias: Pick(aliased).Alias);
            }
            else
            {
                t = new Term(null, Ordinal: 1 + _r.Next(width));
            }

            terms.Add(t with
            {
                Descending = Chance(40),
                Nulls = On(QueryFeatures.NullsOrdering) && Chance(30) ? Pick(new[] { "FIRST", "LAST" }) : null,
            });
        }

        // Completing the ORDER BY with every result column fixes the order up to identical rows.
        var total = Chance(75);
        if (total)
        {
            for (var i = 1; i <= width; i++)
            {
                terms.Add(new Term(null, Ordinal: i, Descending: Chance(30)));
            }
        }

        if (terms.Count == 0)
        {
            return query;
        }

        query = query with { OrderBy = terms, Ordered = total };
        if (total && On(QueryFeatures.Limit) && Chance(40))
        {
            query = query with { Limit = _r.Next(-1, 8), Offset = Chance(40) ? _r.Next(0, 5) : null };
        }

        return query;
    }

    // A constant expression that is not a plain literal may fold to an integer that SQLite reads as an
    // ordinal (M1): "-1", and "x AND <false constant>" which SQLite folds at parse time; such terms become a column.
    private SqlExpr SortOrGroupTerm(SqlExpr e, ExprKind kind)
    {
        var text = e.Render();
        // SQLite reads only integer literals within 32 bits as ordinals; 4294967296 is a constant term (M1).
        var plainLiteral = e.Args.Count == 0 && !text.StartsWith("(-", StringComparison.Ordinal)
            && !(long.TryParse(text, out var big) && big > int.MaxValue);
        var mayFold = !e.ContainsColumn || text.Contains(" AND ", StringComparison.Ordinal) || text.Contains(" OR ", StringComparison.Ordinal);
        if (_o.ConstantSortAndGroupExpressions || e.IsColumn || plainLiteral || !mayFold)
        {
            return e;
        }

        var cols = ColumnsOf(kind == ExprKind.Bool ? ExprKind.Integer : kind);
        return cols.Count > 0 ? SqlExpr.Column(Pick(cols).Sql, kind) : LiteralOf(ExprKind.Text);
    }

    private SqlExpr AggregateExpr()
    {
        var choice = _r.Next(10);
        ExprKind numericKind() => Pick(new[] { ExprKind.Integer, ExprKind.Real, ExprKind.Integer });
        SqlExpr arg(ExprKind k) => Chance(70) ? ColumnOrLeaf(k) : Expr(k, 1);

        // M2, M5: SUM/AVG/TOTAL of 64-bit integers only when switched on; otherwise a narrow integer column or a literal.
        // M4: SUM/AVG/TOTAL of REAL expressions only when switched on; otherwise a column or a literal.
        SqlExpr averaged(ExprKind k)
        {
            if (k == ExprKind.Real)
            {
                return _o.RealSumsOfExpressions ? arg(k) : ColumnOrLeaf(k);
            }

            if (_o.SumsOfWideIntegers)
            {
                return arg(k);
            }

            return NarrowInteger();
        }

        return choice switch
        {
            0 => new SqlExpr("COUNT(*)", ExprKind.Integer, [], true),
            1 => new SqlExpr("COUNT({0})", ExprKind.Integer, [arg(AnyKind())], true),
            2 => new SqlExpr("COUNT(DISTINCT {0})", ExprKind.Integer, [arg(AnyKind())], true),
            3 => Sum(numericKind()),
            4 => new SqlExpr(Chance(20) ? "AVG(DISTINCT {0})" : "AVG({0})", ExprKind.Real, [averaged(numericKind())], true),
            5 => new SqlExpr("TOTAL({0})", ExprKind.Real, [averaged(numericKind())], true),
            6 or 7 => MinMax("MIN"),
            _ => MinMax("MAX"),
        };

        SqlExpr Sum(ExprKind k) =>
            new(Chance(20) ? "SUM(DISTINCT {0})" : "SUM({0})", k, [averaged(k)], true);

        SqlExpr MinMax(string f)
        {
            var k = AnyKind();
            return new SqlExpr(f + "({0})", k == ExprKind.Bool ? ExprKind.Integer : k, [arg(k)], true);
        }
    }

    private ExprKind AnyKind() => Pick(new[] { ExprKind.Integer, ExprKind.Real, ExprKind.Text, ExprKind.Blob, ExprKind.Integer });

    private List<ColumnRef> ColumnsOf(ExprKind kind) => _columns.Where(c => c.Kind == kind).ToList();

    /// <summary>A column of <paramref name="kind"/> when the table has one, else a literal.</summary>
    public SqlExpr ColumnOrLeaf(ExprKind kind)
    {
        if (kind == ExprKind.Bool)
        {
            var bools = _columns.Where(c => c.Type == ColumnType.Bool).ToList();
            return bools.Count > 0 && Chance(50) ? SqlExpr.Column(Pick(bools).Sql, ExprKind.Bool) : Expr(ExprKind.Bool, 1);
        }

        var cols = ColumnsOf(kind);
        return cols.Count > 0 && Chance(85) ? SqlExpr.Column(Pick(cols).Sql, kind) : LiteralOf(kind);
    }

    private SqlExpr IntLiteral()
    {
        long v = On(QueryFeatures.ExtremeLiterals) && Chance(5)
            ? Pick(new[] { long.MaxValue, long.MinValue, long.MaxValue - 1, 4294967296L, -2147483648L })
            : Pick(new long[] { 0, 1, 2, 3, -1, 5, 10, -7, 100, 255 });
        return SqlExpr.Leaf(v < 0 ? $"({v})" : v.ToString(System.Globalization.CultureInfo.InvariantCulture), ExprKind.Integer);
    }

    public SqlExpr LiteralOf(ExprKind kind) => kind switch
    {
        ExprKind.Integer => IntLiteral(),
        ExprKind.Real => SqlExpr.Leaf(Wrap(SqlLiteral.Real(Pick(new[] { 0.5, 1.0, -2.5, 3.25, 0.1, 1e10, -0.0, 100.0, 1e300 }))), ExprKind.Real),
        ExprKind.Text => SqlExpr.Leaf(SqlLiteral.Render(Pick(new[] { "", "a", "A", "abc", "é", "日本", "b", "10", " ", "z" })), ExprKind.Text),
        ExprKind.Blob => SqlExpr.Leaf(SqlLiteral.Render(Pick(new[] { Array.Empty<byte>(), [0x41], [0xFF, 0x00], [0x61, 0x62] })), ExprKind.Blob),
        _ => SqlExpr.Leaf(Pick(new[] { "1", "0", "NULL", "TRUE", "FALSE" }), ExprKind.Bool),
    };

    private static string Wrap(string literal) => literal.StartsWith('-') ? "(" + literal + ")" : literal;

    private SqlExpr Null(ExprKind kind) => SqlExpr.Leaf("NULL", kind);

    /// <summary>An expression of <paramref name="kind"/> at most <paramref name="depth"/> deep.</summary>
    public SqlExpr Expr(ExprKind kind, int depth)
    {
        if (depth <= 0 || Chance(20))
        {
            if (kind != ExprKind.Bool && Chance(4))
            {
                return Null(kind);
            }

            return kind == ExprKind.Bool && depth > 0 ? Predicate(depth) : ColumnOrLeaf(kind);
        }

        var d = depth - 1;
        var options = new List<Func<SqlExpr>>();
        switch (kind)
        {
            case ExprKind.Integer:
                if (On(QueryFeatures.Arithmetic))
                {
                    foreach (var op in new[] { "+", "-", "*", "/", "%" })
                    {
                        options.Add(() => new SqlExpr($"({{0}} {op} {{1}})", kind, [Expr(kind, d), Expr(kind, d)]));
                    }

                    options.Add(() => new SqlExpr("(-{0})", kind, [Expr(kind, d)]));
                }

                if (On(QueryFeatures.Functions))
                {
                    if (!_errorsMaySkipRows || _o.RuntimeErrorsInJoins)
                    {
                        options.Add(() => new SqlExpr("abs({0})", kind, [Expr(kind, d)]));
                    }

                    options.Add(() => new SqlExpr("length({0})", kind, [Expr(Chance(70) ? ExprKind.Text : ExprKind.Blob, d)]));
                }

                if (On(QueryFeatures.Cast))
                {
                    options.Add(() => new SqlExpr("CAST({0} AS INTEGER)", kind, [Expr(Pick(new[] { ExprKind.Real, ExprKind.Text, ExprKind.Integer }), d)]));
                }

                options.Add(() => Expr(ExprKind.Bool, depth));
                if (On(QueryFeatures.Subqueries))
                {
                    options.Add(() => ScalarSubquery(ExprKind.Integer));
                }

                break;
            case ExprKind.Real:
                if (On(QueryFeatures.Arithmetic))
                {
                    foreach (var op in new[] { "+", "-", "*", "/" })
                    {
                        options.Add(() =>
                        {
                            var left = Chance(50);
                            return new SqlExpr($"({{0}} {op} {{1}})", kind, [Expr(left ? kind : ExprKind.Integer, d), Expr(left ? Pick(new[] { kind, ExprKind.Integer }) : kind, d)]);
                        });
                    }

                    options.Add(() => new SqlExpr("(-{0})", kind, [Expr(kind, d)]));
                }

                if (On(QueryFeatures.Functions))
                {
                    options.Add(() => new SqlExpr("abs({0})", kind, [Expr(kind, d)]));
                    options.Add(() => new SqlExpr("round({0})", kind, [Expr(kind, d)]));
                    if (_o.RoundWithDigits)
                    {
                        options.Add(() => new SqlExpr("round({0}, {1})", kind, [Expr(kind, d), SqlExpr.Leaf(_r.Next(-1, 4).ToString(System.Globalization.CultureInfo.InvariantCulture), ExprKind.Integer)]));
                    }
                }

                if (On(QueryFeatures.Cast))
                {
                    options.Add(() => new SqlExpr("CAST({0} AS REAL)", kind, [Expr(Pick(new[] { ExprKind.Integer, ExprKind.Text, ExprKind.Real }), d)]));
                }

                break;
            case ExprKind.Text:
                if (On(QueryFeatures.Concat))
                {
                    options.Add(() => new SqlExpr("({0} || {1})", kind, [Expr(kind, d), Expr(Chance(80) ? kind : ExprKind.Integer, d)]));
                }

                if (On(QueryFeatures.Functions))
                {
                    options.Add(() => new SqlExpr("lower({0})", kind, [Expr(kind, d)]));
                    options.Add(() => new SqlExpr("upper({0})", kind, [Expr(kind, d)]));
                    options.Add(() => new SqlExpr("substr({0}, {1})", kind, [Expr(kind, d), SmallInt()]));
                    options.Add(() => new SqlExpr("substr({0}, {1}, {2})", kind, [Expr(kind, d), SmallInt(), SmallInt()]));
                }

                if (On(QueryFeatures.Cast))
                {
                    options.Add(() => new SqlExpr("CAST({0} AS TEXT)", kind, [Expr(Pick(new[] { ExprKind.Integer, ExprKind.Real, ExprKind.Text }), d)]));
                }

                break;
            case ExprKind.Blob:
                break;
            case ExprKind.Bool:
                return Predicate(depth);
        }

        if (kind != ExprKind.Bool && On(QueryFeatures.Functions))
        {
            options.Add(() => new SqlExpr("coalesce({0}, {1})", kind, [Expr(kind, d), Expr(kind, d)]));
            options.Add(() => new SqlExpr("ifnull({0}, {1})", kind, [Expr(kind, d), Expr(kind, d)]));
            options.Add(() => new SqlExpr("nullif({0}, {1})", kind, [Expr(kind, d), Expr(kind, d)]));
        }

        if (kind != ExprKind.Bool && On(QueryFeatures.Case))
        {
            options.Add(() => new SqlExpr("CASE WHEN {0} THEN {1} ELSE {2} END", kind, [Expr(ExprKind.Bool, d), Expr(kind, d), Expr(kind, d)]));
            options.Add(() => new SqlExpr("CASE WHEN {0} THEN {1} END", kind, [Expr(ExprKind.Bool, d), Expr(kind, d)]));
            options.Add(() => new SqlExpr("CASE {0} WHEN {1} THEN {2} ELSE {3} END", kind, [Expr(ExprKind.Integer, d), IntLiteral(), Expr(kind, d), Expr(kind, d)]));
        }

        if (On(QueryFeatures.MixedTypes) && kind == ExprKind.Real && On(QueryFeatures.Case))
        {
            // Branches of different storage classes: SQLite types each row by its branch.
            options.Add(() => new SqlExpr("CASE WHEN {0} THEN {1} ELSE {2} END", kind, [Expr(ExprKind.Bool, d), Expr(ExprKind.Integer, d), Expr(kind, d)]));
            options.Add(() => new SqlExpr("coalesce({0}, {1})", kind, [Expr(ExprKind.Integer, d), Expr(kind, d)]));
        }

        if (On(QueryFeatures.MixedTypes) && kind == ExprKind.Integer && On(QueryFeatures.Arithmetic))
        {
            // Arithmetic on TEXT: INTEGER or REAL per row, as SQLite reads each text.
            options.Add(() => new SqlExpr("({0} + {1})", kind, [Expr(ExprKind.Text, d), IntLiteral()]));
        }

        if (options.Count == 0)
        {
            return ColumnOrLeaf(kind);
        }

        return Pick(options)();
    }

    /// <summary>A two-item row value compared (lexicographically for &lt; and the like), in BETWEEN or in an IN list of rows.</summary>
    private SqlExpr RowValuePredicate(int d)
    {
        var (first, second) = (Pick(new[] { ExprKind.Integer, ExprKind.Real, ExprKind.Text }), ComparableKind());
        SqlExpr Row() => Chance(50) ? LiteralOf(first) : Expr(first, d);
        SqlExpr Second() => Chance(15) ? Null(second) : Chance(50) ? LiteralOf(second) : Expr(second, d);
        var row = new[] { Expr(first, d), Expr(second, d) };
        return _r.Next(3) switch
        {
            0 => new SqlExpr($"(({{0}}, {{1}}) {Pick(CompareOps)} ({{2}}, {{3}}))", ExprKind.Bool, [.. row, Row(), Second()]),
            1 => new SqlExpr(Chance(25) ? "(({0}, {1}) NOT BETWEEN ({2}, {3}) AND ({4}, {5}))" : "(({0}, {1}) BETWEEN ({2}, {3}) AND ({4}, {5}))",
                ExprKind.Bool, [.. row, LiteralOf(first), Second(), LiteralOf(first), Second()]),
            _ => new SqlExpr(Chance(25) ? "(({0}, {1}) NOT IN (({2}, {3}), ({4}, {5})))" : "(({0}, {1}) IN (({2}, {3}), ({4}, {5})))",
                ExprKind.Bool, [.. row, LiteralOf(first), Second(), Row(), Second()]),
        };
    }

    private SqlExpr SmallInt() => SqlExpr.Leaf(_r.Next(-3, 5) is var v && v < 0 ? $"({v})" : v.ToString(System.Globalization.CultureInfo.InvariantCulture), ExprKind.Integer);

    private SqlExpr Compare(SqlExpr left, SqlExpr right) =>
        new($"({{0}} {Pick(CompareOps)} {{1}})", ExprKind.Bool, [left, right]);

    private ExprKind ComparableKind() => Pick(new[] { ExprKind.Integer, ExprKind.Integer, ExprKind.Real, ExprKind.Text, ExprKind.Text, ExprKind.Blob });

    private SqlExpr Predicate(int depth)
    {
        var d = Math.Max(depth - 1, 0);
        var options = new List<Func<SqlExpr>>
        {
            () =>
            {
                var k = ComparableKind();
                // INTEGER against REAL is a numeric comparison (exact in SQLite); other mixes only with MixedTypes.
                var other = On(QueryFeatures.MixedTypes) && Chance(5) ? ComparableKind()
                    : k == ExprKind.Integer && Chance(25) ? ExprKind.Real
                    : k == ExprKind.Real && Chance(25) ? ExprKind.Integer
                    : k;
                return Compare(Expr(k, d), Chance(50) ? LiteralOf(other) : Expr(other, d));
            },
            () => new SqlExpr("({0} IS NULL)", ExprKind.Bool, [Expr(AnyKind(), d)]),
            () => new SqlExpr("({0} IS NOT NULL)", ExprKind.Bool, [Expr(AnyKind(), d)]),
        };
        if (depth > 0)
        {
            options.Add(() => new SqlExpr("({0} AND {1})", ExprKind.Bool, [Expr(ExprKind.Bool, d), Expr(ExprKind.Bool, d)]));
            options.Add(() => new SqlExpr("({0} OR {1})", ExprKind.Bool, [Expr(ExprKind.Bool, d), Expr(ExprKind.Bool, d)]));
            options.Add(() => new SqlExpr("(NOT {0})", ExprKind.Bool, [Expr(ExprKind.Bool, d)]));
        }

        if (On(QueryFeatures.Between))
        {
            options.Add(() =>
            {
                var k = Pick(new[] { ExprKind.Integer, ExprKind.Real, ExprKind.Text });
                return new SqlExpr(Chance(25) ? "({0} NOT BETWEEN {1} AND {2})" : "({0} BETWEEN {1} AND {2})", ExprKind.Bool, [Expr(k, d), LiteralOf(k), LiteralOf(k)]);
            });
        }

        if (On(QueryFeatures.In))
        {
            options.Add(() =>
            {
                var k = Pick(new[] { ExprKind.Integer, ExprKind.Real, ExprKind.Text });
                var n = 1 + _r.Next(4);
                var list = Enumerable.Range(0, n).Select(_ => Chance(10) ? Null(k) : LiteralOf(k)).ToArray();
                var holes = string.Join(", ", Enumerable.Range(1, n).Select(i => "{" + i + "}"));
                return new SqlExpr(Chance(25) ? $"({{0}} NOT IN ({holes}))" : $"({{0}} IN ({holes}))", ExprKind.Bool, [Expr(k, d), .. list]);
            });
        }

        if (On(QueryFeatures.RowValues))
        {
            options.Add(() => RowValuePredicate(d));
        }

        if (On(QueryFeatures.Like))
        {
            options.Add(() => new SqlExpr(Chance(20) ? "({0} NOT LIKE {1})" : "({0} LIKE {1})", ExprKind.Bool,
                [Expr(ExprKind.Text, d), SqlExpr.Leaf(SqlLiteral.Render(Pick(LikePatterns)), ExprKind.Text)]));
        }

        if (On(QueryFeatures.Subqueries))
        {
            options.Add(() => InSubquery(d));
            options.Add(Exists);
        }

        var bools = _columns.Where(c => c.Type == ColumnType.Bool).ToList();
        if (bools.Count > 0)
        {
            options.Add(() => SqlExpr.Column(Pick(bools).Sql, ExprKind.Bool));
        }

        return Pick(options)();
    }
}
