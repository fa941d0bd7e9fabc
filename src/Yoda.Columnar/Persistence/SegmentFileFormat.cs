namespace Yoda.Columnar.Persistence;

/// <summary>The file format new data files are written in.</summary>
public enum SegmentFileFormat
{
    /// <summary>Arrow IPC files (the random-access "Feather v2" format), <c>.arrow</c>.</summary>
    ArrowIpc,

    /// <summary>Apache Parquet files, <c>.parquet</c>.</summary>
    Parquet,
}
