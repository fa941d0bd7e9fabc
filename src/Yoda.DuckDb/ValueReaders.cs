using System.Numerics;
using DuckDB.NET.Data;
using Yoda.Columnar.Storage;

namespace Yoda.DuckDb;

/// <summary>
/// Reads one column of a DuckDB result row as a <see cref="StorageValue"/> with the typed getter of
/// its .NET type, so that numbers are not boxed value by value.
/// </summary>
internal static class ValueReaders
{
    public static Func<DuckDBDataReader, int, StorageValue> For(Type clrType)
    {
        if (clrType == typeof(long))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromInteger(r.GetInt64(c));
        }

        if (clrType == typeof(int))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromInteger(r.GetInt32(c));
        }

        if (clrType == typeof(short))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromInteger(r.GetInt16(c));
        }

        if (clrType == typeof(sbyte))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromInteger(r.GetFieldValue<sbyte>(c));
        }

        if (clrType == typeof(byte))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromInteger(r.GetByte(c));
        }

        if (clrType == typeof(ushort))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromInteger(r.GetFieldValue<ushort>(c));
        }

        if (clrType == typeof(uint))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromInteger(r.GetFieldValue<uint>(c));
        }

        if (clrType == typeof(ulong))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : Unsigned(r.GetFieldValue<ulong>(c));
        }

        if (clrType == typeof(BigInteger))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : DuckDbValues.From(r.GetFieldValue<BigInteger>(c));
        }

        if (clrType == typeof(bool))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromInteger(r.GetBoolean(c) ? 1 : 0);
        }

        if (clrType == typeof(double))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromReal(r.GetDouble(c));
        }

        if (clrType == typeof(float))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromReal(r.GetFloat(c));
        }

        if (clrType == typeof(string))
        {
            return (r, c) => r.IsDBNull(c) ? StorageValue.Null : StorageValue.FromText(r.GetString(c));
        }

        return (r, c) => DuckDbValues.From(r.GetValue(c));
    }

    private static StorageValue Unsigned(ulong value) => value <= long.MaxValue
        ? StorageValue.FromInteger((long)value)
        : throw new YodaException($"integer overflow: {value} does not fit a 64-bit integer");
}
