namespace Yoda.Bench.Micro;

/// <summary>Bytes one row of the benchmark reads; the throughput columns turn it into GB/s.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesPerRowAttribute(int bytes) : Attribute
{
    public int Bytes { get; } = bytes;
}
