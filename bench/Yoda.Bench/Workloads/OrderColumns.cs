namespace Yoda.Bench.Workloads;

/// <summary>Column arrays of the TPC-H orders table while it is generated.</summary>
internal sealed class OrderColumns(int n)
{
    private readonly long?[] _key = new long?[n];
    private readonly long?[] _cust = new long?[n];
    private readonly string?[] _status = new string?[n];
    private readonly double?[] _total = new double?[n];
    private readonly string?[] _date = new string?[n];
    private readonly string?[] _priority = new string?[n];
    private readonly string?[] _clerk = new string?[n];
    private readonly long?[] _shipPriority = new long?[n];
    private readonly string?[] _comment = new string?[n];

    public void Set(int i, long key, long cust, string status, double total, int date, string priority, string clerk, string comment)
    {
        _key[i] = key;
        _cust[i] = cust;
        _status[i] = status;
        _total[i] = total;
        _date[i] = IsoDates.Text(date);
        _priority[i] = priority;
        _clerk[i] = clerk;
        _shipPriority[i] = 0;
        _comment[i] = comment;
    }

    public TableData ToTable() => new("orders",
    [
        ColumnData.Int("o_orderkey", _key), ColumnData.Int("o_custkey", _cust), ColumnData.Text("o_orderstatus", _status),
        ColumnData.Real("o_totalprice", _total), ColumnData.Text("o_orderdate", _date), ColumnData.Text("o_orderpriority", _priority),
        ColumnData.Text("o_clerk", _clerk), ColumnData.Int("o_shippriority", _shipPriority), ColumnData.Text("o_comment", _comment),
    ], ["o_orderkey"]);
}
