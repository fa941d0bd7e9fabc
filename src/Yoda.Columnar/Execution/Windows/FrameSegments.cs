namespace Yoda.Columnar.Execution.Windows;

/// <summary>
/// The rows of one frame as up to three ascending half-open ranges of sorted positions (a frame
/// minus its EXCLUDE set is at most three pieces); a value type so that computing it allocates nothing.
/// </summary>
public struct FrameSegments
{
    private int _start0;
    private int _end0;
    private int _start1;
    private int _end1;
    private int _start2;
    private int _end2;

    public int Count { get; private set; }

    public readonly (int Start, int End) this[int index] => index switch
    {
        0 => (_start0, _end0),
        1 => (_start1, _end1),
        _ => (_start2, _end2),
    };

    public readonly int RowCount => Count switch
    {
        0 => 0,
        1 => _end0 - _start0,
        2 => _end0 - _start0 + _end1 - _start1,
        _ => _end0 - _start0 + _end1 - _start1 + _end2 - _start2,
    };

    /// <summary>Appends [start, end) when it is not empty.</summary>
    public void Add(int start, int end)
    {
        if (start >= end)
        {
            return;
        }

        switch (Count++)
        {
            case 0: (_start0, _end0) = (start, end); break;
            case 1: (_start1, _end1) = (start, end); break;
            default: (_start2, _end2) = (start, end); break;
        }
    }

    /// <summary>The sorted position of the <paramref name="n"/>-th row (0-based) of the frame, or -1.</summary>
    public readonly int PositionAt(int n)
    {
        for (var s = 0; s < Count; s++)
        {
            var (start, end) = this[s];
            if (n < end - start)
            {
                return start + n;
            }

            n -= end - start;
        }

        return -1;
    }
}
