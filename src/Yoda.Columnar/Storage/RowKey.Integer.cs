namespace Yoda.Columnar.Storage;

public readonly partial struct RowKey
{
    /// <summary>The value of a key made of one integer (a rowid, or a single integer primary key).</summary>
    public bool TryGetInteger(out long value)
    {
        value = _integer;
        return _values is null;
    }
}
