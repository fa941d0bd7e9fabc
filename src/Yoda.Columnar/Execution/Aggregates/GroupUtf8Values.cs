namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// One UTF-8 byte string per group, or none: each group keeps its own buffer and overwrites it in
/// place, allocating only when a value is longer than any it held before.
/// </summary>
internal sealed class GroupUtf8Values
{
    private byte[]?[] _buffers = new byte[]?[16];
    private int[] _lengths = new int[16];
    private bool[] _known = new bool[16];

    /// <summary>Bytes of the groups' buffers (with an array's overhead), for the query memory limit.</summary>
    public long HeldBytes { get; private set; }

    public bool TryGet(int group, out ReadOnlySpan<byte> utf8)
    {
        if (group < _known.Length && _known[group])
        {
            utf8 = _buffers[group].AsSpan(0, _lengths[group]);
            return true;
        }

        utf8 = default;
        return false;
    }

    public void Set(int group, ReadOnlySpan<byte> utf8)
    {
        EnsureCapacity(group + 1);
        ref var buffer = ref _buffers[group];
        if (buffer is null || buffer.Length < utf8.Length)
        {
            var grown = new byte[Math.Max(utf8.Length, (buffer?.Length ?? 0) * 2)];
            HeldBytes += grown.Length - (buffer is null ? -24 : buffer.Length);
            buffer = grown;
        }

        utf8.CopyTo(buffer);
        (_lengths[group], _known[group]) = (utf8.Length, true);
    }

    public void Forget(int group)
    {
        if (group < _known.Length)
        {
            _known[group] = false;
        }
    }

    private void EnsureCapacity(int groupCount)
    {
        if (_known.Length < groupCount)
        {
            var size = Math.Max(groupCount, _known.Length * 2);
            Array.Resize(ref _buffers, size);
            Array.Resize(ref _lengths, size);
            Array.Resize(ref _known, size);
        }
    }
}
