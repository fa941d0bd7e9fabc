using System.Globalization;
using System.Text;
using Apache.Arrow;
using Yoda.Columnar.Storage;

namespace Yoda.Cli;

/// <summary>Prints Arrow results as an aligned text table with a row count and the elapsed time.</summary>
internal static class TablePrinter
{
    private const int MaxCellWidth = 60;

    public static void Print(TextWriter output, IReadOnlyList<RecordBatch> batches, TimeSpan elapsed)
    {
        if (batches.Count == 0 || batches[0].ColumnCount == 0)
        {
            output.WriteLine($"(no result columns) [{Format(elapsed)}]");
            return;
        }

        var schema = batches[0].Schema;
        var headers = schema.FieldsList.Select(f => f.Name).ToArray();
        var rows = new List<string[]>();
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                rows.Add(Enumerable.Range(0, batch.ColumnCount).Select(c => Render(ArrowValues.Get(batch.Column(c), r))).ToArray());
            }
        }

        var widths = headers.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(row => row[c].Length))).ToArray();
        var numeric = schema.FieldsList.Select(f => Columnar.Types.ColumnTypes.IsInteger(f.DataType) || Columnar.Types.ColumnTypes.IsReal(f.DataType)).ToArray();
        output.WriteLine(Line(headers, widths, new bool[headers.Length]));
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row, widths, numeric));
        }

        output.WriteLine($"({rows.Count} row{(rows.Count == 1 ? "" : "s")}) [{Format(elapsed)}]");
    }

    public static string Format(TimeSpan elapsed) =>
        elapsed.TotalMilliseconds < 1000
            ? elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms"
            : elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Line(string[] cells, int[] widths, bool[] rightAlign)
    {
        var builder = new StringBuilder();
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                builder.Append(" | ");
            }

            builder.Append(rightAlign[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>Round-trip digits, with a <c>.0</c> on integral values the way SQLite prints reals.</summary>
    private static string RenderReal(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && !text.Contains('.') && !text.Contains('E') ? text + ".0" : text;
    }

    private static string Render(object? value)
    {
        var text = value switch
        {
            null => "NULL",
            double d => RenderReal(d),
            byte[] b => "x'" + Convert.ToHexString(b) + "'",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        text = text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
        return text.Length > MaxCellWidth ? text[..(MaxCellWidth - 1)] + "…" : text;
    }
}
