namespace Yoda.Bench.Workloads;

/// <summary>
/// SplitMix64: a small deterministic generator, so the same seed gives the same data on every
/// machine and .NET version (System.Random makes no such promise for unseeded use).
/// </summary>
public sealed class Rng(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [min, max], both inclusive.</summary>
    public long Range(long min, long max) => min + (long)(NextULong() % (ulong)(max - min + 1));

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(IReadOnlyList<T> items) => items[(int)(NextULong() % (ulong)items.Count)];

    /// <summary>A value rounded to cents in [min, max], as the TPC-H money columns are.</summary>
    public double Money(double min, double max) => Math.Round(Range((long)Math.Round(min * 100), (long)Math.Round(max * 100)) / 100.0, 2);

    /// <summary>Skewed index in [0, n): n^(u^2) - 1 makes small indices far more likely.</summary>
    public int Skewed(int n)
    {
        double u = NextDouble();
        int i = (int)Math.Pow(n, u * u) - 1;
        return Math.Clamp(i, 0, n - 1);
    }
}
