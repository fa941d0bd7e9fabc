namespace Yoda.Bench.Htap;

/// <summary>One measured HTAP figure, or why it could not be measured.</summary>
public sealed record HtapFigure(string Group, string Name, string Value, string Note, bool IsFailure = false)
{
    public static HtapFigure Rate(string group, string name, long count, TimeSpan elapsed, string unit, string note = "") =>
        new(group, name, $"{count / elapsed.TotalSeconds:N0} {unit}", $"{count:N0} in {elapsed.TotalSeconds:F2} s{(note.Length > 0 ? "; " + note : "")}");

    public static HtapFigure NotAvailable(string group, string name, Exception e) =>
        new(group, name, "not available", $"{e.GetType().Name}: {e.Message.Split('\n')[0]}");

    public static HtapFigure Error(string group, string name, Exception e) =>
        new(group, name, "**ERROR**", $"{e.GetType().Name}: {e.Message.Split('\n')[0]}", IsFailure: true);
}
