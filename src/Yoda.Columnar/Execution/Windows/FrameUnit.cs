namespace Yoda.Columnar.Execution.Windows;

/// <summary>How frame offsets count: rows, values of the ORDER BY key, or peer groups.</summary>
public enum FrameUnit
{
    Rows,
    Range,
    Groups,
}
