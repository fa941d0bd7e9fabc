namespace Yoda.Bench.Workloads;

/// <summary>Growable column lists of the TPC-H lineitem table while it is generated.</summary>
internal sealed class LineColumns(int capacity)
{
    private readonly List<long?> _order = new(capacity);
    private readonly List<long?> _part = new(capacity);
    private readonly List<long?> _supp = new(capacity);
    private readonly List<long?> _line = new(capacity);
    private readonly List<long?> _quantity = new(capacity);
    private readonly List<double?> _extended = new(capacity);
    private readonly List<double?> _discount = new(capacity);
    private readonly List<double?> _tax = new(capacity);
    private readonly List<string?> _returnFlag = new(capacity);
    private readonly List<string?> _lineStatus = new(capacity);
    private readonly List<string?> _ship = new(capacity);
    private readonly List<string?> _commit = new(capacity);
    private readonly List<string?> _receipt = new(capacity);
    private readonly List<string?> _instruct = new(capacity);
    private readonly List<string?> _mode = new(capacity);
    private readonly List<string?> _comment = new(capacity);

    public void Add(long order, long part, long supp, long line, long quantity, double extended, double discount,
        double tax, string returnFlag, string lineStatus, int ship, int commit, int receipt, string instruct,
        string mode, string comment)
    {
        _order.Add(order);
        _part.Add(part);
        _supp.Add(supp);
        _line.Add(line);
        _quantity.Add(quantity);
        _extended.Add(extended);
        _discount.Add(discount);
        _tax.Add(tax);
        _returnFlag.Add(returnFlag);
        _lineStatus.Add(lineStatus);
        _ship.Add(IsoDates.Text(ship));
        _commit.Add(IsoDates.Text(commit));
        _receipt.Add(IsoDates.Text(receipt));
        _instruct.Add(instruct);
        _mode.Add(mode);
        _comment.Add(comment);
    }

    public TableData ToTable() => new("lineitem",
    [
        ColumnData.Int("l_orderkey", [.. _order]), ColumnData.Int("l_partkey", [.. _part]),
        ColumnData.Int("l_suppkey", [.. _supp]), ColumnData.Int("l_linenumber", [.. _line]),
        ColumnData.Int("l_quantity", [.. _quantity]), ColumnData.Real("l_extendedprice", [.. _extended]),
        ColumnData.Real("l_discount", [.. _discount]), ColumnData.Real("l_tax", [.. _tax]),
        ColumnData.Text("l_returnflag", [.. _returnFlag]), ColumnData.Text("l_linestatus", [.. _lineStatus]),
        ColumnData.Text("l_shipdate", [.. _ship]), ColumnData.Text("l_commitdate", [.. _commit]),
        ColumnData.Text("l_receiptdate", [.. _receipt]), ColumnData.Text("l_shipinstruct", [.. _instruct]),
        ColumnData.Text("l_shipmode", [.. _mode]), ColumnData.Text("l_comment", [.. _comment]),
    ], ["l_orderkey", "l_linenumber"]);
}
