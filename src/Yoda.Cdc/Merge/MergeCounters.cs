namespace Yoda.Cdc.Merge;

/// <summary>Rows changed in OLAP by one cycle or load.</summary>
public sealed class MergeCounters
{
    public long Inserted { get; set; }

    public long Updated { get; set; }

    public long Deleted { get; set; }
}
