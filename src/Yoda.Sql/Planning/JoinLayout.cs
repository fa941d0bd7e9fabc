using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// The columns of a join's output rows, in the order the tables were joined: each table's scanned
/// columns (<c>scanColumns</c> is every column the query reads, by its index in the FROM-order row).
/// </summary>
internal sealed class JoinLayout
{
    private readonly int[] _scanColumns;
    private readonly Dictionary<int, int> _positions;

    public JoinLayout(int[] scanColumns, BoundTable first)
        : this(scanColumns, OwnColumns(scanColumns, first))
    {
    }

    private JoinLayout(int[] scanColumns, int[] columns)
    {
        _scanColumns = scanColumns;
        Columns = columns;
        _positions = columns.Select((column, position) => (column, position)).ToDictionary(x => x.column, x => x.position);
        Compiler = new ExpressionCompiler(_ => null, c => _positions[c.Index]);
    }

    /// <summary>The FROM-order index of each output column.</summary>
    public IReadOnlyList<int> Columns { get; }

    /// <summary>Compiles expressions over rows of this layout.</summary>
    public ExpressionCompiler Compiler { get; }

    public bool Contains(int column) => _positions.ContainsKey(column);

    /// <summary>The layout after joining <paramref name="table"/> on the right.</summary>
    public JoinLayout With(BoundTable table) => new(_scanColumns, [.. Columns, .. OwnColumns(_scanColumns, table)]);

    /// <summary><paramref name="plan"/>'s rows with their columns in FROM order, as the rest of the query reads them; the plan itself when they already are.</summary>
    public PhysicalOperator InFromOrder(PhysicalOperator plan)
    {
        if (Columns.SequenceEqual(_scanColumns))
        {
            return plan;
        }

        var kinds = plan.OutputKinds;
        var columns = _scanColumns.Select(column => (VectorExpression)new ColumnExpression(_positions[column], kinds[_positions[column]])).ToArray();
        return new ProjectOperator(plan, columns, _scanColumns.Select(column => $"#{column}").ToArray());
    }

    private static int[] OwnColumns(int[] scanColumns, BoundTable table)
    {
        var count = table.Snapshot.Schema.FieldsList.Count;
        return scanColumns.Where(g => g >= table.Offset && g < table.Offset + count).ToArray();
    }
}
