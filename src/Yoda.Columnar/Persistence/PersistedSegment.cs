using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Persistence;

/// <summary>What the files of a persisted segment hold: its deletion vector then, and how many compactions its rows had seen.</summary>
internal readonly record struct PersistedSegment(DeletionVector? Deleted, int Compactions)
{
    public static PersistedSegment[] Of(IReadOnlyList<Segment> segments) =>
        [.. segments.Select(s => new PersistedSegment(s.Deleted, s.Compactions))];
}
