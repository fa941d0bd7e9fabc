using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace Yoda.PropertyTests;

/// <summary>
/// How many cases each property runs and with which seeds. CI: the per-property default with a fixed
/// seed, then the same number with one random seed (printed on failure, and replayable through
/// YODA_PROPERTY_SEED). YODA_PROPERTY_CASES=100000 raises every property to that many cases per seed.
/// </summary>
public static class PropertyRun
{
    public const ulong FixedSeed = 0x5EED_2026_0004UL;

    public static int Cases(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("YODA_PROPERTY_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : ciDefault;

    /// <summary>The fixed seed, then YODA_PROPERTY_SEED when set, else a fresh random seed.</summary>
    public static IReadOnlyList<ulong> Seeds()
    {
        var env = Environment.GetEnvironmentVariable("YODA_PROPERTY_SEED");
        var second = ulong.TryParse(env, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        return [FixedSeed, second];
    }

    /// <summary>Checks <paramref name="property"/> on <paramref name="arbitrary"/> for every seed; a failure names the seed and the shrunk case.</summary>
    public static void Check<T>(string name, Arbitrary<T> arbitrary, Func<T, bool> property, int ciCases, ITestOutputHelper output, Func<string>? summary = null)
    {
        var cases = Cases(ciCases);
        foreach (var seed in Seeds())
        {
            var config = Config.QuickThrowOnFailure
                .WithMaxTest(cases)
                .WithEndSize(60)
                .WithQuietOnSuccess(true)
                .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
            var started = DateTime.UtcNow;
            try
            {
                FsCheck.Check.One(config, Prop.ForAll(arbitrary, property));
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException(
                    $"{name} failed with seed {seed} (replay: YODA_PROPERTY_SEED={seed}, {cases} cases).\n{e.Message}");
            }

            output.WriteLine($"{name}: {cases} cases, seed {seed}, {(DateTime.UtcNow - started).TotalSeconds:F1} s");
        }

        if (summary is not null)
        {
            output.WriteLine(summary());
            Console.WriteLine($"[{name}] {summary()}");
        }
    }

    /// <summary>Runs async test code from FsCheck's synchronous property function.</summary>
    public static T Sync<T>(Func<Task<T>> body) => Task.Run(body).GetAwaiter().GetResult();
}
