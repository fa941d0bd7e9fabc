using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Yoda.Oltp;

/// <summary>
/// The statements of batch <c>INSERT</c> shapes (see <see cref="LiteralParameterizer"/>), prepared
/// once each on the write connection and run through SQLite's own interface: each row binds its
/// literals straight from the statement text and steps, with none of the per-execution objects
/// and by-name parameter lookups of <see cref="SqliteCommand"/>, and no allocation. SQLite
/// re-prepares a statement by itself after a schema change (running the authorizer again).
/// </summary>
internal sealed class BatchShapeCache(SqliteConnection connection) : IDisposable
{
    private const int Capacity = 256;

    private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);
    private char[] _text = new char[256];
    private byte[] _blob = new byte[256];

    /// <summary>The number of shapes held prepared (a diagnostic for tests).</summary>
    public int Count => _statements.Count;

    /// <summary>Runs <paramref name="shape"/> with <paramref name="values"/>, read from <paramref name="sql"/> (the statement the shape was made from).</summary>
    public void Execute(ReadOnlySpan<char> shape, string sql, List<Literal> values)
    {
        var db = connection.Handle!;
        if (!_statements.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(shape, out var statement))
        {
            statement = Prepare(db, shape.ToString());
        }

        for (var i = 0; i < values.Count; i++)
        {
            Check(db, Bind(statement, i + 1, sql, values[i]));
        }

        var rc = raw.sqlite3_step(statement);
        while (rc == raw.SQLITE_ROW)
        {
            rc = raw.sqlite3_step(statement);
        }

        if (rc == raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(statement);
            return;
        }

        try
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    public void Dispose() => Clear();

    private sqlite3_stmt Prepare(sqlite3 db, string shape)
    {
        var rc = raw.sqlite3_prepare_v3(db, shape, raw.SQLITE_PREPARE_PERSISTENT, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        if (_statements.Count >= Capacity)
        {
            Clear();
        }

        _statements.Add(shape, statement);
        return statement;
    }

    private int Bind(sqlite3_stmt statement, int index, string sql, Literal value)
    {
        switch (value.Kind)
        {
            case LiteralKind.Integer:
                return raw.sqlite3_bind_int64(statement, index, value.Integer);
            case LiteralKind.Real:
                return raw.sqlite3_bind_double(statement, index, value.Real);
            case LiteralKind.Text when value.Length == 0:
                return raw.sqlite3_bind_text(statement, index, string.Empty); // an empty span would bind NULL
            case LiteralKind.Text:
                return raw.sqlite3_bind_text16(statement, index, value.Characters(sql));
            case LiteralKind.EscapedText:
                return raw.sqlite3_bind_text16(statement, index, Unescape(value.Characters(sql)));
            case LiteralKind.Blob:
                var bytes = Buffer(ref _blob, value.Length / 2);
                Convert.FromHexString(value.Characters(sql), bytes, out _, out _);
                return raw.sqlite3_bind_blob(statement, index, bytes);
            default:
                return raw.sqlite3_bind_null(statement, index);
        }
    }

    /// <summary>The text of a quoted literal that has <c>''</c> in it (never empty: it holds a quote).</summary>
    private ReadOnlySpan<char> Unescape(ReadOnlySpan<char> quoted)
    {
        var text = Buffer(ref _text, quoted.Length);
        var length = 0;
        for (var i = 0; i < quoted.Length; i++)
        {
            text[length++] = quoted[i];
            if (quoted[i] == '\'')
            {
                i++; // the second quote of the pair
            }
        }

        return text[..length];
    }

    private static Span<T> Buffer<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[Math.Max(length, buffer.Length * 2)];
        }

        return buffer.AsSpan(0, length);
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private void Clear()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
    }
}
