using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Yoda.Bench.Micro;

/// <summary>Bytes allocated per operation divided by the benchmark's <c>Rows</c> parameter (the memory diagnoser's figure per row).</summary>
public sealed class AllocatedPerRowColumn : IColumn
{
    public string Id => "AllocatedPerRow";

    public string ColumnName => "B/row";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 3;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "bytes allocated per operation / Rows (memory diagnoser)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var rows = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Rows")?.Value;
        var report = summary[benchmarkCase];
        if (rows is not int count || count <= 0 || report is null || report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is not { } bytes)
        {
            return "-";
        }

        return ((double)bytes / count).ToString("F3", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Parameters.Items.Any(p => p.Name == "Rows"));

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
