using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Yoda.Bench.Micro;

/// <summary>
/// Rows/s (million) or GB/s computed from the mean time, the 'Rows' parameter and the method's
/// [BytesPerRow]. Compare GB/s with the ~20-29 GB/s one core can stream from memory here.
/// </summary>
public sealed class ThroughputColumn(bool gigabytes) : IColumn
{
    public string Id => gigabytes ? "GBps" : "MRowsps";

    public string ColumnName => gigabytes ? "GB/s" : "Mrows/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => gigabytes ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => gigabytes ? "bytes read per second / 1e9" : "rows processed per second / 1e6";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        var rowsParam = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Rows");
        if (stats is null || rowsParam?.Value is not int rows)
        {
            return "-";
        }

        double seconds = stats.Mean / 1e9;
        var bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerRowAttribute>()?.Bytes;
        if (gigabytes)
        {
            return bytes is null ? "-" : (rows * (double)bytes / seconds / 1e9).ToString("F2", CultureInfo.InvariantCulture);
        }

        return (rows / seconds / 1e6).ToString("F0", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
