using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// The columns of a join's output rows, in the order the tables were joined: each table's scanned
/// columns (<c>scanColumns</c> is every column the query reads, by its index in the FROM-order row),
/// less those a join stopped carrying (<see cref="Keeping"/>).
/// </summary>
internal sealed class JoinLayout
{
    private readonly int[] _scanColumns;
    private readonly Dictionary<int, int> _positions;
    private readonly IReadOnlyDictionary<int, ValueKind> _dropped;

    public JoinLayout(int[] scanColumns, BoundTable first)
        : this(scanColumns, OwnColumns(scanColumns, first), new Dictionary<int, ValueKind>())
    {
    }

    private JoinLayout(int[] scanColumns, int[] columns, IReadOnlyDictionary<int, ValueKind> dropped)
    {
        _scanColumns = scanColumns;
        _dropped = dropped;
        Columns = columns;
        _positions = columns.Select((column, position) => (column, position)).ToDictionary(x => x.column, x => x.position);
        Compiler = new ExpressionCompiler(_ => null, c => _positions[c.Index]);
    }

    /// <summary>The FROM-order index of each output column.</summary>
    public IReadOnlyList<int> Columns { get; }

    /// <summary>Compiles expressions over rows of this layout.</summary>
    public ExpressionCompiler Compiler { get; }

    public bool Contains(int column) => _positions.ContainsKey(column);

    /// <summary>The position of <paramref name="column"/> in these rows.</summary>
    public int PositionOf(int column) => _positions[column];

    /// <summary>The layout after joining <paramref name="table"/> on the right.</summary>
    public JoinLayout With(BoundTable table) => new(_scanColumns, [.. Columns, .. OwnColumns(_scanColumns, table)], _dropped);

    /// <summary>
    /// These rows with only the columns in <paramref name="read"/> (in their order); the others, of
    /// <paramref name="kinds"/> (one per column of these rows), are remembered as dropped. This layout when none is dropped.
    /// </summary>
    public JoinLayout Keeping(IReadOnlySet<int> read, IReadOnlyList<ValueKind> kinds)
    {
        if (Columns.All(read.Contains))
        {
            return this;
        }

        var dropped = new Dictionary<int, ValueKind>(_dropped);
        for (var p = 0; p < Columns.Count; p++)
        {
            if (!read.Contains(Columns[p]))
            {
                dropped[Columns[p]] = kinds[p];
            }
        }

        return new(_scanColumns, Columns.Where(read.Contains).ToArray(), dropped);
    }

    /// <summary>
    /// <paramref name="plan"/>'s rows with their columns in FROM order, as the rest of the query reads them (a dropped
    /// column, which it does not read, as an <see cref="UnreadColumn"/>); the plan itself when they already are.
    /// </summary>
    public PhysicalOperator InFromOrder(PhysicalOperator plan)
    {
        if (Columns.SequenceEqual(_scanColumns))
        {
            return plan;
        }

        var kinds = plan.OutputKinds;
        var columns = _scanColumns.Select(column => _positions.TryGetValue(column, out var position)
            ? (VectorExpression)new ColumnExpression(position, kinds[position])
            : new UnreadColumn(_dropped[column])).ToArray();
        return new ProjectOperator(plan, columns, _scanColumns.Select(column => Contains(column) ? $"#{column}" : $"#{column} unread").ToArray());
    }

    private static int[] OwnColumns(int[] scanColumns, BoundTable table)
    {
        var count = table.Snapshot.Schema.FieldsList.Count;
        return scanColumns.Where(g => g >= table.Offset && g < table.Offset + count).ToArray();
    }
}
