using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>A composite grouping key of boxed values; NULLs are equal to each other, as GROUP BY and DISTINCT treat them.</summary>
public readonly struct GroupKey(object?[] values) : IEquatable<GroupKey>
{
    public object?[] Values { get; } = values;

    public bool Equals(GroupKey other)
    {
        for (var i = 0; i < Values.Length; i++)
        {
            var (a, b) = (Values[i], other.Values[i]);
            if (a is null || b is null)
            {
                if (a != b)
                {
                    return false;
                }
            }
            else if (ValueOrder.Compare(a, b) != 0)
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is GroupKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values)
        {
            hash.Add(value switch
            {
                null => 0,
                long l => l.GetHashCode(),
                double d => NumericText.IsExactInteger(d) ? ((long)d).GetHashCode() : d.GetHashCode(),
                string s => StringComparer.Ordinal.GetHashCode(s),
                byte[] b => Hash(b),
                _ => value.GetHashCode(),
            });
        }

        return hash.ToHashCode();
    }

    private static int Hash(byte[] bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
