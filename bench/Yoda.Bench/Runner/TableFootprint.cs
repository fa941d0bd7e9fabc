using System.Globalization;
using System.Text;
using Yoda;
using Yoda.Bench.Workloads;

namespace Yoda.Bench.Runner;

/// <summary>
/// Bytes per row of Yoda's OLAP tables (Arrow buffers and deletion vectors, from
/// <see cref="HtapEngine.OlapTables"/>) against the same data as plain Arrow arrays: 8 bytes per
/// number, 4 bytes of offset plus the UTF-8 bytes per text, and a validity bitmap where a column has NULLs.
/// </summary>
public static class TableFootprint
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Append(StringBuilder sb, IReadOnlyList<OlapTableInfo> olapTables, IReadOnlyList<TableData> tables)
    {
        sb.AppendLine().AppendLine("## Yoda memory (bytes per row)").AppendLine();
        sb.AppendLine("| table | rows | Yoda bytes | Yoda bytes/row | plain Arrow bytes/row | Yoda / plain Arrow |").AppendLine("|---|---:|---:|---:|---:|---:|");
        var (yodaTotal, plainTotal) = (0L, 0L);
        foreach (var table in tables)
        {
            if (olapTables.FirstOrDefault(t => string.Equals(t.Name, table.Name, StringComparison.OrdinalIgnoreCase)) is not { } olap || table.RowCount == 0)
            {
                continue;
            }

            var plain = table.Columns.Sum(PlainArrowBytes);
            (yodaTotal, plainTotal) = (yodaTotal + olap.Bytes, plainTotal + plain);
            sb.AppendLine(Inv, $"| {table.Name} | {table.RowCount:N0} | {olap.Bytes:N0} | {(double)olap.Bytes / table.RowCount:F1} | {(double)plain / table.RowCount:F1} | {(double)olap.Bytes / plain:F2}× |");
        }

        if (plainTotal > 0)
        {
            sb.AppendLine(Inv, $"| all tables |  | {yodaTotal:N0} |  |  | {(double)yodaTotal / plainTotal:F2}× |");
        }
    }

    private static long PlainArrowBytes(ColumnData column)
    {
        long rows = column.Length;
        var hasNulls = column.Type switch
        {
            ColumnType.Int64 => column.Ints!.Any(v => v is null),
            ColumnType.Double => column.Doubles!.Any(v => v is null),
            _ => column.Texts!.Any(v => v is null),
        };
        var values = column.Type == ColumnType.Text
            ? (4 * (rows + 1)) + column.Texts!.Sum(t => t is null ? 0L : Encoding.UTF8.GetByteCount(t))
            : 8 * rows;
        return values + (hasNulls ? (rows + 7) / 8 : 0);
    }
}
