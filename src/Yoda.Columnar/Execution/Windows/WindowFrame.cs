namespace Yoda.Columnar.Execution.Windows;

/// <summary>
/// A frame: its unit, its bounds (with non-negative offsets for PRECEDING/FOLLOWING; RANGE offsets
/// may be fractional) and what it excludes. SQLite's default is <see cref="Default"/>: RANGE BETWEEN
/// UNBOUNDED PRECEDING AND CURRENT ROW, which without ORDER BY is the whole partition.
/// </summary>
public sealed record WindowFrame(
    FrameUnit Unit,
    FrameBoundKind Start,
    double StartOffset,
    FrameBoundKind End,
    double EndOffset,
    FrameExclusion Exclusion)
{
    public static readonly WindowFrame Default =
        new(FrameUnit.Range, FrameBoundKind.UnboundedPreceding, 0, FrameBoundKind.CurrentRow, 0, FrameExclusion.NoOthers);

    public override string ToString()
    {
        static string Bound(FrameBoundKind kind, double offset) => kind switch
        {
            FrameBoundKind.UnboundedPreceding => "UNBOUNDED PRECEDING",
            FrameBoundKind.Preceding => $"{offset.ToString(System.Globalization.CultureInfo.InvariantCulture)} PRECEDING",
            FrameBoundKind.CurrentRow => "CURRENT ROW",
            FrameBoundKind.Following => $"{offset.ToString(System.Globalization.CultureInfo.InvariantCulture)} FOLLOWING",
            _ => "UNBOUNDED FOLLOWING",
        };

        var exclusion = Exclusion switch
        {
            FrameExclusion.CurrentRow => " EXCLUDE CURRENT ROW",
            FrameExclusion.Group => " EXCLUDE GROUP",
            FrameExclusion.Ties => " EXCLUDE TIES",
            _ => string.Empty,
        };
        return $"{Unit.ToString().ToUpperInvariant()} BETWEEN {Bound(Start, StartOffset)} AND {Bound(End, EndOffset)}{exclusion}";
    }
}
