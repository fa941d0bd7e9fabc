using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Yoda.Bench.Micro;

/// <summary>Operations per second (1e9 / mean ns): queries/s for the end-to-end parser benchmark.</summary>
public sealed class OpsColumn : IColumn
{
    public string Id => "OpsPerSecond";

    public string ColumnName => "ops/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 2;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "benchmark invocations per second (for ParserBenchmarks: queries/s)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase]?.ResultStatistics is { } stats && stats.Mean > 0
            ? (1e9 / stats.Mean).ToString("N0", CultureInfo.InvariantCulture)
            : "-";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
