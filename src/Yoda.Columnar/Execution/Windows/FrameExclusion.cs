namespace Yoda.Columnar.Execution.Windows;

/// <summary>The EXCLUDE clause of a frame.</summary>
public enum FrameExclusion
{
    NoOthers,
    CurrentRow,
    Group,
    Ties,
}
