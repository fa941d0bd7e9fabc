namespace Yoda.Bench.Runner;

/// <summary>Median and spread of repeated timings; spread = (max - min) / 2 / median.</summary>
public sealed record Stats(double MedianMs, double MinMs, double MaxMs, int Runs)
{
    public double SpreadFraction => MedianMs > 0 ? (MaxMs - MinMs) / 2 / MedianMs : 0;

    public static Stats Of(IReadOnlyList<double> samplesMs)
    {
        if (samplesMs.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(samplesMs));
        }

        var sorted = samplesMs.Order().ToArray();
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        return new Stats(median, sorted[0], sorted[^1], n);
    }

    public static double GeometricMean(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? double.NaN : Math.Exp(values.Average(v => Math.Log(Math.Max(v, 1e-9))));

    public static double Percentile(IReadOnlyList<double> sortedValues, double p)
    {
        if (sortedValues.Count == 0)
        {
            return double.NaN;
        }

        int index = (int)Math.Ceiling(p / 100 * sortedValues.Count) - 1;
        return sortedValues[Math.Clamp(index, 0, sortedValues.Count - 1)];
    }
}
