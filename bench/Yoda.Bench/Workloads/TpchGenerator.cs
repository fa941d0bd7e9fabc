namespace Yoda.Bench.Workloads;

/// <summary>
/// A TPC-H-like generator following the specification's table sizes and value distributions
/// (clause 4.2.3) closely enough for the benchmark queries: scale 1 = 150,000 customers,
/// 1,500,000 orders, about 6,000,000 lineitems, 200,000 parts, 10,000 suppliers. Order keys are
/// sparse as in dbgen (8 of every 32); a third of the customers place no orders. Dates are ISO text.
/// </summary>
public static class TpchGenerator
{
    private static readonly int StartDate = IsoDates.DayNumber(new DateOnly(1992, 1, 1));
    private static readonly int EndDate = IsoDates.DayNumber(new DateOnly(1998, 12, 31));
    private static readonly int CurrentDate = IsoDates.DayNumber(new DateOnly(1995, 6, 17));

    public static IReadOnlyList<TableData> Generate(double scale)
    {
        int suppliers = Scaled(10_000, scale);
        int parts = Scaled(200_000, scale);
        int customers = Math.Max(3, Scaled(150_000, scale));
        int orders = Scaled(1_500_000, scale);
        var partTable = Part(parts, new Rng(11));
        var lineAndOrders = OrdersAndLineitems(orders, customers, parts, suppliers, partTable.Columns[7].Doubles!, new Rng(13));
        return
        [
            Region(),
            Nation(),
            Supplier(suppliers, new Rng(17)),
            Customer(customers, new Rng(19)),
            partTable,
            lineAndOrders.Orders,
            lineAndOrders.Lineitem,
        ];
    }

    private static int Scaled(int baseRows, double scale) => Math.Max(1, (int)Math.Round(baseRows * scale));

    private static TableData Region()
    {
        var rng = new Rng(3);
        int n = TpchText.Regions.Length;
        return new TableData("region",
        [
            ColumnData.Int("r_regionkey", Enumerable.Range(0, n).Select(i => (long?)i).ToArray()),
            ColumnData.Text("r_name", TpchText.Regions.Select(s => (string?)s).ToArray()),
            ColumnData.Text("r_comment", Enumerable.Range(0, n).Select(_ => (string?)TpchText.Comment(rng, 8)).ToArray()),
        ], ["r_regionkey"]);
    }

    private static TableData Nation()
    {
        var rng = new Rng(5);
        int n = TpchText.Nations.Length;
        return new TableData("nation",
        [
            ColumnData.Int("n_nationkey", Enumerable.Range(0, n).Select(i => (long?)i).ToArray()),
            ColumnData.Text("n_name", TpchText.Nations.Select(s => (string?)s).ToArray()),
            ColumnData.Int("n_regionkey", TpchText.NationRegions.Select(r => (long?)r).ToArray()),
            ColumnData.Text("n_comment", Enumerable.Range(0, n).Select(_ => (string?)TpchText.Comment(rng, 8)).ToArray()),
        ], ["n_nationkey"]);
    }

    private static TableData Supplier(int n, Rng rng)
    {
        var key = new long?[n];
        var name = new string?[n];
        var address = new string?[n];
        var nation = new long?[n];
        var phone = new string?[n];
        var acctbal = new double?[n];
        var comment = new string?[n];
        for (int i = 0; i < n; i++)
        {
            key[i] = i + 1;
            name[i] = $"Supplier#{i + 1:D9}";
            address[i] = TpchText.Comment(rng, 3);
            nation[i] = rng.Range(0, 24);
            phone[i] = TpchText.Phone(rng, (int)nation[i]!.Value);
            acctbal[i] = rng.Money(-999.99, 9999.99);
            comment[i] = TpchText.Comment(rng, 8);
        }

        return new TableData("supplier",
        [
            ColumnData.Int("s_suppkey", key), ColumnData.Text("s_name", name), ColumnData.Text("s_address", address),
            ColumnData.Int("s_nationkey", nation), ColumnData.Text("s_phone", phone),
            ColumnData.Real("s_acctbal", acctbal), ColumnData.Text("s_comment", comment),
        ], ["s_suppkey"]);
    }

    private static TableData Customer(int n, Rng rng)
    {
        var key = new long?[n];
        var name = new string?[n];
        var address = new string?[n];
        var nation = new long?[n];
        var phone = new string?[n];
        var acctbal = new double?[n];
        var segment = new string?[n];
        var comment = new string?[n];
        for (int i = 0; i < n; i++)
        {
            key[i] = i + 1;
            name[i] = $"Customer#{i + 1:D9}";
            address[i] = TpchText.Comment(rng, 3);
            nation[i] = rng.Range(0, 24);
            phone[i] = TpchText.Phone(rng, (int)nation[i]!.Value);
            acctbal[i] = rng.Money(-999.99, 9999.99);
            segment[i] = rng.Pick(TpchText.Segments);
            comment[i] = TpchText.Comment(rng, 8);
        }

        return new TableData("customer",
        [
            ColumnData.Int("c_custkey", key), ColumnData.Text("c_name", name), ColumnData.Text("c_address", address),
            ColumnData.Int("c_nationkey", nation), ColumnData.Text("c_phone", phone), ColumnData.Real("c_acctbal", acctbal),
            ColumnData.Text("c_mktsegment", segment), ColumnData.Text("c_comment", comment),
        ], ["c_custkey"]);
    }

    private static TableData Part(int n, Rng rng)
    {
        var key = new long?[n];
        var name = new string?[n];
        var mfgr = new string?[n];
        var brand = new string?[n];
        var type = new string?[n];
        var size = new long?[n];
        var container = new string?[n];
        var price = new double?[n];
        var comment = new string?[n];
        for (int i = 0; i < n; i++)
        {
            long k = i + 1;
            key[i] = k;
            name[i] = string.Join(' ', Enumerable.Range(0, 5).Select(_ => rng.Pick(TpchText.Colors)));
            long m = rng.Range(1, 5);
            mfgr[i] = $"Manufacturer#{m}";
            brand[i] = $"Brand#{m}{rng.Range(1, 5)}";
            type[i] = $"{rng.Pick(TpchText.TypeSyllable1)} {rng.Pick(TpchText.TypeSyllable2)} {rng.Pick(TpchText.TypeSyllable3)}";
            size[i] = rng.Range(1, 50);
            container[i] = $"{rng.Pick(TpchText.ContainerSyllable1)} {rng.Pick(TpchText.ContainerSyllable2)}";
            price[i] = (90000 + ((k / 10) % 20001) + (100 * (k % 1000))) / 100.0;
            comment[i] = TpchText.Comment(rng, 4);
        }

        return new TableData("part",
        [
            ColumnData.Int("p_partkey", key), ColumnData.Text("p_name", name), ColumnData.Text("p_mfgr", mfgr),
            ColumnData.Text("p_brand", brand), ColumnData.Text("p_type", type), ColumnData.Int("p_size", size),
            ColumnData.Text("p_container", container), ColumnData.Real("p_retailprice", price), ColumnData.Text("p_comment", comment),
        ], ["p_partkey"]);
    }

    private static (TableData Orders, TableData Lineitem) OrdersAndLineitems(
        int orders, int customers, int parts, int suppliers, double?[] retailPrice, Rng rng)
    {
        var o = new OrderColumns(orders);
        var l = new LineColumns(orders * 4);
        for (int i = 0; i < orders; i++)
        {
            long orderKey = ((long)i / 8 * 32) + (i % 8) + 1;
            long custKey;
            do
            {
                custKey = rng.Range(1, customers);
            }
            while (custKey % 3 == 0);

            int orderDate = (int)rng.Range(StartDate, EndDate - 151);
            int lines = (int)rng.Range(1, 7);
            double total = 0;
            int shippedLate = 0;
            for (int line = 1; line <= lines; line++)
            {
                long partKey = rng.Range(1, parts);
                long quantity = rng.Range(1, 50);
                double discount = rng.Range(0, 10) / 100.0;
                double tax = rng.Range(0, 8) / 100.0;
                double extended = Math.Round(quantity * retailPrice[partKey - 1]!.Value, 2);
                int ship = orderDate + (int)rng.Range(1, 121);
                int commit = orderDate + (int)rng.Range(30, 90);
                int receipt = ship + (int)rng.Range(1, 30);
                string returnFlag = receipt <= CurrentDate ? (rng.Range(0, 1) == 0 ? "R" : "A") : "N";
                string lineStatus = ship > CurrentDate ? "O" : "F";
                shippedLate += lineStatus == "O" ? 1 : 0;
                total += extended * (1 + tax) * (1 - discount);
                l.Add(orderKey, partKey, rng.Range(1, suppliers), line, quantity, extended, discount, tax,
                    returnFlag, lineStatus, ship, commit, receipt, rng.Pick(TpchText.ShipInstructions),
                    rng.Pick(TpchText.ShipModes), TpchText.Comment(rng, 4));
            }

            string status = shippedLate == 0 ? "F" : shippedLate == lines ? "O" : "P";
            o.Set(i, orderKey, custKey, status, Math.Round(total, 2), orderDate, rng.Pick(TpchText.Priorities),
                $"Clerk#{rng.Range(1, Math.Max(1, orders / 1500)):D9}", TpchText.Comment(rng, 6));
        }

        return (o.ToTable(), l.ToTable());
    }
}
