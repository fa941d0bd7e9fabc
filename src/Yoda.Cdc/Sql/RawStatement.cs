using Microsoft.Data.Sqlite;
using SQLitePCL;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Sql;

/// <summary>
/// A prepared statement read straight through SQLite's C API, for the hot reads of the sync path
/// (the CDC log, initial loads): values come out as unboxed <see cref="StorageValue"/>s, text is
/// decoded from its full byte length (so embedded NULs survive), and nothing is allocated per
/// integer or real. Stepping and reading columns go through <see cref="NativeColumns"/> when it
/// is available. SQLite errors become <see cref="YodaException"/>s with SQLite's message.
/// </summary>
public sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <summary>Short text repeats (codes, names, flags): one string per distinct value, not per row.</summary>
    private readonly TextDecoder _text = new();

    /// <summary>The statement's pointer for <see cref="NativeColumns"/>; 0 when that is not available.</summary>
    private readonly nint _native;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new YodaException("the SQLite connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _native = NativeColumns.Available ? _statement.DangerousGetHandle() : 0;
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Moves to the next row; false when there is none.</summary>
    public bool Step()
    {
        var rc = _native != 0 ? NativeColumns.Step(_native) : raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
        return false;
    }

    public long Integer(int column) => _native != 0 ? NativeColumns.Int64(NativeColumns.Column(_native, column)) : raw.sqlite3_column_int64(_statement, column);

    /// <summary>The raw bytes of a text or blob column of the current row, valid until the next step.</summary>
    public ReadOnlySpan<byte> Bytes(int column) => _native != 0 ? NativeColumns.Bytes(NativeColumns.Column(_native, column)) : raw.sqlite3_column_blob(_statement, column);

    /// <summary>Whether <see cref="NativeValue"/> is available (SQLitePCLRaw's bundled e_sqlite3).</summary>
    public bool IsNative => _native != 0;

    /// <summary>A column of the current row as SQLite's value pointer for <see cref="NativeColumns"/>; only when <see cref="IsNative"/>.</summary>
    internal nint NativeValue(int column) => NativeColumns.Column(_native, column);

    public StorageValue Value(int column)
    {
        if (_native == 0)
        {
            return raw.sqlite3_column_type(_statement, column) switch
            {
                raw.SQLITE_INTEGER => StorageValue.FromInteger(raw.sqlite3_column_int64(_statement, column)),
                raw.SQLITE_FLOAT => StorageValue.FromReal(raw.sqlite3_column_double(_statement, column)),
                raw.SQLITE_TEXT => StorageValue.FromText(_text.Decode(raw.sqlite3_column_blob(_statement, column))),
                raw.SQLITE_BLOB => StorageValue.FromBlob(raw.sqlite3_column_blob(_statement, column).ToArray()),
                _ => StorageValue.Null,
            };
        }

        var value = NativeColumns.Column(_native, column);
        return NativeColumns.Type(value) switch
        {
            raw.SQLITE_INTEGER => StorageValue.FromInteger(NativeColumns.Int64(value)),
            raw.SQLITE_FLOAT => StorageValue.FromReal(NativeColumns.Double(value)),
            raw.SQLITE_TEXT => StorageValue.FromText(_text.Decode(NativeColumns.Bytes(value))),
            raw.SQLITE_BLOB => StorageValue.FromBlob(NativeColumns.Bytes(value).ToArray()),
            _ => StorageValue.Null,
        };
    }

    /// <summary>Columns <paramref name="first"/> … of the current row into <paramref name="into"/>.</summary>
    public void Values(int first, Span<StorageValue> into)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = Value(first + i);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new YodaException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.");
        }
    }
}
