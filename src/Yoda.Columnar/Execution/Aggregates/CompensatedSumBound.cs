namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Decides SQLite's REAL sum of a group from an order-independent representation of it
/// (<see cref="RealSumPartial"/>): a pair <c>(hi, lo)</c> whose exact value <c>V = hi + lo</c> lies
/// within a bound of the exact sum S of the group's values, the sum of their magnitudes and the
/// number of additions that rounded. SQLite's compensated sum <c>rSum + rErr</c> (exact, before the
/// final rounding) also lies within a bound of S, so it lies in <c>[V - F, V + F]</c>; when both ends
/// of that interval round to the same double, so does SQLite's (rounding to nearest is monotone),
/// and that double is its answer. The argument and the bound are written out in docs/sql-semantics.md
/// ("REAL sums merged across threads").
/// </summary>
internal static class CompensatedSumBound
{
    /// <summary>The unit roundoff of a double, 2^-53.</summary>
    private const double Unit = 1.0 / 9007199254740992.0;

    /// <summary>
    /// The constant of the bound F = c·u²·A·n² on both sums' distance from S, together: 2.05 by the
    /// argument, with room for the rounding of the computed magnitude sum (A ≤ 1.008·Â) and of F itself.
    /// </summary>
    private const double BoundFactor = 2.25;

    /// <summary>At most this many rounding steps: the bound needs n·u ≤ 2^-7.</summary>
    private const long MaxSteps = 1L << 46;

    /// <summary>Magnitude sums above this might overflow on the way in SQLite's order (to ±inf): never decided here.</summary>
    private const double MaxMagnitude = 1.0715086071862673E+301; // 2^1000

    /// <summary>
    /// SQLite's <c>fl(rSum + rErr)</c> for a group whose values sum to within the bound of
    /// <c>hi + lo</c>, when it is certain: false when the interval straddles a rounding boundary,
    /// or any value or the magnitude sum was not finite or too large (the caller reruns serially).
    /// </summary>
    /// <param name="magnitude">The computed sum of the values' magnitudes (each addition rounded).</param>
    /// <param name="steps">How many roundings went into <paramref name="lo"/> (and into <paramref name="magnitude"/>): one a value, two a merge.</param>
    public static bool TryRound(double hi, double lo, double magnitude, long steps, out double sum)
    {
        sum = 0.0;
        // Also false for a NaN magnitude (a NaN value).
        if (!(magnitude <= MaxMagnitude) || steps > MaxSteps || !double.IsFinite(hi) || !double.IsFinite(lo))
        {
            return false;
        }

        var n = (double)steps;
        var product = magnitude * (BoundFactor * (n * n) * Unit * Unit);
        if (product == 0.0)
        {
            // F is below double.Epsilon (the product rounded to 0 is at most half of it), and every double, so
            // SQLite's rSum + rErr and hi + lo too, is a multiple of double.Epsilon: they are equal.
            sum = hi + lo + 0.0;
            return true;
        }

        // The next double up from a rounded value is at or above the exact one (also for subnormal products);
        // likewise one step below and above the rounded ends lies at or beyond lo - F and lo + F.
        var bound = Math.BitIncrement(product);
        var low = hi + Math.BitDecrement(lo - bound);
        var high = hi + Math.BitIncrement(lo + bound);
        if (low != high)
        {
            return false;
        }

        // SQLite starts from +0.0 and never gets -0.0 (x + -x is +0.0 when rounding to nearest).
        sum = low + 0.0;
        return true;
    }
}
