using BenchmarkDotNet.Attributes;
using Yoda.Bench.Workloads;

namespace Yoda.Bench.Micro;

/// <summary>
/// Shared columns of the kernel baselines: one million doubles in [0, 100), longs in [0, 1000)
/// and group indices in [0, 1000). These are baselines (plain loops, Vector, TensorPrimitives)
/// that the engine's own kernels are to be measured against once they are public.
/// </summary>
[MemoryDiagnoser]
public abstract class KernelData
{
    public const int Groups = 1_000;

    [Params(1_000_000)]
    public int Rows { get; set; }

    protected double[] Doubles { get; private set; } = [];

    protected long[] Longs { get; private set; } = [];

    protected int[] GroupIds { get; private set; } = [];

    protected byte[] Mask { get; private set; } = [];

    protected ulong[] Hashes { get; private set; } = [];

    protected ulong[] Scratch { get; private set; } = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Rng(42);
        Doubles = new double[Rows];
        Longs = new long[Rows];
        GroupIds = new int[Rows];
        Mask = new byte[Rows];
        Hashes = new ulong[Rows];
        Scratch = new ulong[Rows];
        for (int i = 0; i < Rows; i++)
        {
            Doubles[i] = rng.NextDouble() * 100;
            Longs[i] = rng.Range(0, 999);
            GroupIds[i] = (int)rng.Range(0, Groups - 1);
        }
    }
}
