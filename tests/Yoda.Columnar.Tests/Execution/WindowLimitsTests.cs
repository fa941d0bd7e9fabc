using System.Diagnostics;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Execution.Windows;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>The window operator counts what it holds against the query's memory and stops within milliseconds of a cancellation, even inside one huge partition.</summary>
public sealed class WindowLimitsTests
{
    /// <summary>count(*) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW): every frame recomputed, quadratic in the partition.</summary>
    private static WindowOperator QuadraticWindow(int rows, QueryMemory? memory = null)
    {
        var table = ParallelTables.Random(1, segments: 1, huge: false);
        var segments = Enumerable.Repeat(table.Segments[0], Math.Max(1, rows / table.Segments[0].RowCount)).ToArray();
        var input = new ScanOperator(new Yoda.Columnar.Storage.TableSnapshot("t", ParallelTables.Schema, [.. segments]), [0, 1]);
        var frame = new WindowFrame(FrameUnit.Rows, FrameBoundKind.UnboundedPreceding, 0, FrameBoundKind.UnboundedFollowing, 0, FrameExclusion.CurrentRow);
        var window = new WindowDefinition([], [], frame);
        var call = new WindowCall(WindowFunctionKind.CountStar, [], 0, 0, ValueKind.Integer);
        return new WindowOperator(input, [window], [call], "window", memory);
    }

    [Fact]
    public void A_window_over_more_rows_than_the_memory_limit_fails_clearly()
    {
        var error = Assert.Throws<YodaException>(() => QuadraticWindow(20_000, new QueryMemory(100_000)).Execute(default).ToList());
        Assert.Contains("memory", error.Message);
    }

    [Fact]
    public void The_window_result_counts_against_the_query_memory()
    {
        var memory = new QueryMemory(null);
        var result = QuadraticWindow(300, memory).Execute(default).Single();
        Assert.True(memory.UsedBytes >= result.RowCount * 9L * 3, $"{memory.UsedBytes} bytes for {result.RowCount} rows");
        Assert.All(result.Selection, row => Assert.Equal(result.RowCount - 1, result.Columns[2].Longs[row]));
    }

    [Fact]
    public async Task Cancellation_stops_a_single_huge_partition_within_milliseconds()
    {
        using var cts = new CancellationTokenSource();
        var query = Task.Run(() => QuadraticWindow(60_000).Execute(cts.Token).ToList());
        await Task.Delay(300);
        Assert.False(query.IsCompleted, "the window finished before it could be cancelled: make it bigger");
        var clock = Stopwatch.StartNew();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        Assert.True(clock.ElapsedMilliseconds < 1000, $"took {clock.ElapsedMilliseconds} ms");
    }
}
