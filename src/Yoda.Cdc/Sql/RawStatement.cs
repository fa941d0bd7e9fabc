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

    /// <summary>
    /// The distance between the values of two neighbouring result columns, once the first row
    /// showed them evenly spaced (SQLite's result row is one array); 0 until then, or when not.
    /// </summary>
    private nint _valueStride;
    private bool _strideChecked;

    /// <summary>Column 0's value in the current row; 0 until asked for.</summary>
    private nint _rowValues;

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
            _rowValues = 0;
            return true;
        }

        Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
        return false;
    }

    public long Integer(int column) => _native != 0 ? NativeColumns.Int64(Column(column)) : raw.sqlite3_column_int64(_statement, column);

    /// <summary>The raw bytes of a text or blob column of the current row, valid until the next step.</summary>
    public ReadOnlySpan<byte> Bytes(int column) => _native != 0 ? NativeColumns.Bytes(Column(column)) : raw.sqlite3_column_blob(_statement, column);

    /// <summary>Whether <see cref="NativeValue"/> is available (SQLitePCLRaw's bundled e_sqlite3).</summary>
    public bool IsNative => _native != 0;

    /// <summary>A column of the current row as SQLite's value pointer for <see cref="NativeColumns"/>; only when <see cref="IsNative"/>.</summary>
    internal nint NativeValue(int column) => Column(column);

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

        var value = Column(column);
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

    /// <summary>
    /// A column's value in the current row. <c>sqlite3_column_value</c> takes and releases the
    /// connection's mutex on every call; the values of a row are one array in SQLite, so after the
    /// first row has shown every column at an even spacing, a row costs one call and the other
    /// columns are found at that spacing from it.
    /// </summary>
    private nint Column(int column)
    {
        if (_valueStride == 0)
        {
            if (_strideChecked)
            {
                return NativeColumns.Column(_native, column);
            }

            _strideChecked = true;
            _valueStride = EvenSpacing();
            return Column(column);
        }

        if (_rowValues == 0)
        {
            _rowValues = NativeColumns.Column(_native, 0);
        }

        return _rowValues + (column * _valueStride);
    }

    /// <summary>The spacing of the current row's column values when every one sits at it, else 0.</summary>
    private nint EvenSpacing()
    {
        var count = raw.sqlite3_column_count(_statement);
        if (count < 2)
        {
            return 0;
        }

        var first = NativeColumns.Column(_native, 0);
        var stride = NativeColumns.Column(_native, 1) - first;
        for (var i = 2; i < count; i++)
        {
            if (NativeColumns.Column(_native, i) != first + (i * stride))
            {
                return 0;
            }
        }

        return stride > 0 ? stride : 0;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new YodaException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.");
        }
    }
}
