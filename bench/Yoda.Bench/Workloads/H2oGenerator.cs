namespace Yoda.Bench.Workloads;

/// <summary>
/// The group-by table of the H2O db-benchmark (groupby-datagen.R, K = 100, no NAs): string keys
/// id1, id2 (100 values, 'id001'), id3 (N/100 values, 'id0000000001'); integer keys id4, id5
/// (100 values) and id6 (N/100 values); v1 in 1..5, v2 in 1..15, v3 a double in [0, 100) with
/// six decimals. The six keys together give nearly N groups (the high-cardinality case).
/// </summary>
public static class H2oGenerator
{
    public const int K = 100;

    public static TableData Generate(int rows)
    {
        var rng = new Rng(23);
        int medium = Math.Max(1, rows / K);
        var lowKeys = Enumerable.Range(1, K).Select(i => $"id{i:D3}").ToArray();
        var mediumKeys = Enumerable.Range(1, medium).Select(i => $"id{i:D10}").ToArray();
        var id1 = new string?[rows];
        var id2 = new string?[rows];
        var id3 = new string?[rows];
        var id4 = new long?[rows];
        var id5 = new long?[rows];
        var id6 = new long?[rows];
        var v1 = new long?[rows];
        var v2 = new long?[rows];
        var v3 = new double?[rows];
        for (int i = 0; i < rows; i++)
        {
            id1[i] = lowKeys[rng.Range(0, K - 1)];
            id2[i] = lowKeys[rng.Range(0, K - 1)];
            id3[i] = mediumKeys[rng.Range(0, medium - 1)];
            id4[i] = rng.Range(1, K);
            id5[i] = rng.Range(1, K);
            id6[i] = rng.Range(1, medium);
            v1[i] = rng.Range(1, 5);
            v2[i] = rng.Range(1, 15);
            v3[i] = Math.Round(rng.NextDouble() * 100, 6);
        }

        return new TableData("x",
        [
            ColumnData.Text("id1", id1), ColumnData.Text("id2", id2), ColumnData.Text("id3", id3),
            ColumnData.Int("id4", id4), ColumnData.Int("id5", id5), ColumnData.Int("id6", id6),
            ColumnData.Int("v1", v1), ColumnData.Int("v2", v2), ColumnData.Real("v3", v3),
        ], []);
    }
}
