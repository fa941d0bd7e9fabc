namespace Yoda.Sync;

/// <summary>
/// The CDC sequence numbers at which write transactions of this engine ended, so that a sync
/// cycle can end on a transaction boundary. Transactions of other programs writing to the same
/// file leave no boundary here; their events may be split across cycles when a batch is full.
/// </summary>
internal sealed class CommitBoundaries
{
    private readonly SortedSet<long> _ends = [];
    private readonly Lock _lock = new();

    public void Add(long sequence)
    {
        lock (_lock)
        {
            _ends.Add(sequence);
        }
    }

    /// <summary>The last boundary in [<paramref name="first"/>, <paramref name="last"/>], or null.</summary>
    public long? LastWithin(long first, long last)
    {
        lock (_lock)
        {
            var view = _ends.GetViewBetween(first, last);
            return view.Count == 0 ? null : view.Max;
        }
    }

    /// <summary>Forgets the boundaries at or below the watermark.</summary>
    public void ForgetThrough(long watermark)
    {
        lock (_lock)
        {
            _ends.RemoveWhere(s => s <= watermark);
        }
    }
}
