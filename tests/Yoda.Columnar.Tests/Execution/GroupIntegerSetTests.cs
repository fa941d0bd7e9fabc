using FsCheck.Xunit;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

public sealed class GroupIntegerSetTests
{
    /// <summary>The open-addressing set answers every Add as a HashSet of the same pairs does, through many growths.</summary>
    [Property(MaxTest = 100)]
    public bool Adds_like_a_hash_set(int seed, bool wide)
    {
        var random = new Random(seed);
        var (set, reference) = (new GroupIntegerSet(), new HashSet<(int, long)>());
        for (var i = 0; i < 5_000; i++)
        {
            var group = random.Next(0, wide ? 1_000 : 3);
            var value = wide ? random.NextInt64(long.MinValue, long.MaxValue) % (random.Next(2) == 0 ? 100 : long.MaxValue) : random.Next(-50, 50);
            if (set.Add(group, value) != reference.Add((group, value)))
            {
                return false;
            }
        }

        return true;
    }
}
