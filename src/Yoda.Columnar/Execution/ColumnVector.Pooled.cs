namespace Yoda.Columnar.Execution;

/// <summary>
/// Intermediate INTEGER and REAL vectors whose arrays come from <see cref="ChunkArrays{T}"/>:
/// an expression whose result is consumed at once (<see cref="Expressions.VectorExpression.ConsumedAtOnce"/>)
/// rents them, and its one consumer gives them back with <see cref="ReturnToPool"/> when done, so
/// arithmetic over a scan allocates nothing per chunk. Arrays may be longer than <see cref="Length"/>.
/// </summary>
public sealed partial class ColumnVector
{
    private bool _pooled;

    // Whether a vector handed to several consumers at once (Share) was pooled.
    private bool _sharedPooled;

    /// <summary>A vector of <paramref name="length"/> rows over values and NULLs (or none) rented from <see cref="ChunkArrays{T}"/>.</summary>
    public static ColumnVector OfPooled(long[] values, int length, bool[]? nulls) =>
        new(ValueKind.Integer, length, values, null, null, null, nulls) { _pooled = true };

    /// <summary>A vector of <paramref name="length"/> rows over values and NULLs (or none) rented from <see cref="ChunkArrays{T}"/>.</summary>
    public static ColumnVector OfPooled(double[] values, int length, bool[]? nulls) =>
        new(ValueKind.Real, length, null, values, null, null, nulls) { _pooled = true };

    /// <summary>An INTEGER or REAL vector of pooled, uninitialised values, with a cleared pooled NULL array when <paramref name="withNulls"/>.</summary>
    public static ColumnVector Rent(ValueKind kind, int length, bool withNulls)
    {
        var nulls = withNulls ? RentNulls(length) : null;
        return kind == ValueKind.Integer ? OfPooled(ChunkArrays<long>.Rent(length), length, nulls) : OfPooled(ChunkArrays<double>.Rent(length), length, nulls);
    }

    /// <summary>A cleared pooled NULL array for a vector of <paramref name="length"/> rows.</summary>
    public static bool[] RentNulls(int length)
    {
        var nulls = ChunkArrays<bool>.Rent(length);
        Array.Clear(nulls, 0, length);
        return nulls;
    }

    /// <summary>True for a vector whose arrays are pooled (its consumer returns them).</summary>
    public bool IsPooled => _pooled;

    /// <summary>Gives a pooled vector's arrays back; the vector must not be read afterwards. Does nothing to other vectors.</summary>
    public void ReturnToPool()
    {
        if (!_pooled)
        {
            return;
        }

        _pooled = false;
        if (_longs is not null)
        {
            ChunkArrays<long>.Return(_longs);
            _longs = null;
        }

        if (_doubles is not null)
        {
            ChunkArrays<double>.Return(_doubles);
            _doubles = null;
        }

        if (Nulls is not null)
        {
            ChunkArrays<bool>.Return(Nulls);
        }
    }

    /// <summary>
    /// For a vector several consumers read at the same time (the ordered fold's group shares): their
    /// <see cref="ReturnToPool"/> does nothing from now on, and <see cref="ReturnShared"/>, once all are done, gives a pooled vector's arrays back.
    /// </summary>
    internal void Share()
    {
        _sharedPooled = _pooled;
        _pooled = false;
    }

    /// <summary>Gives back the arrays of a vector that was pooled when <see cref="Share"/>d; the vector must not be read afterwards.</summary>
    internal void ReturnShared()
    {
        if (_sharedPooled)
        {
            _sharedPooled = false;
            _pooled = true;
            ReturnToPool();
        }
    }
}
