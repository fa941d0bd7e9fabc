namespace Yoda.LogicTests;

/// <summary>
/// A theory over SQLite's corpus in ../shared/sqllogictest, reported as skipped (not passed) when
/// that folder is not beside the repository, as on a fresh clone.
/// </summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (LogicFiles.Corpus is null)
        {
            Skip = "../shared/sqllogictest is not beside the repository";
        }
    }
}
