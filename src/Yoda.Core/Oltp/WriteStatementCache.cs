using Microsoft.Data.Sqlite;

namespace Yoda.Oltp;

/// <summary>
/// Prepared single-statement writes (<c>INSERT</c>, <c>UPDATE</c>, <c>DELETE</c>, <c>REPLACE</c>)
/// on the write connection, by SQL text: a repeated write skips parsing its placeholders and
/// SQLite's prepare, which with capture triggers compiles the trigger bodies too. SQLite
/// re-prepares a cached statement by itself after any schema change. Other statements run once.
/// </summary>
internal sealed class WriteStatementCache(SqliteConnection connection) : IDisposable
{
    private const int Capacity = 256;

    private readonly Dictionary<string, (SqliteCommand Command, List<(string Name, int Index)> Placeholders)> _entries = new(StringComparer.Ordinal);

    /// <summary>The number of statements held prepared (a diagnostic for tests).</summary>
    internal int Count => _entries.Count;

    /// <summary>Whether <paramref name="sql"/> is one data-changing statement (and so may share a transaction with others).</summary>
    public static bool IsSingleWrite(string sql)
    {
        var text = sql.AsSpan().Trim().TrimEnd(';');
        if (text.Contains(';'))
        {
            return false; // several statements, or a semicolon in a literal: not worth telling apart
        }

        var end = 0;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        var keyword = text[..end];
        return keyword.Equals("INSERT", StringComparison.OrdinalIgnoreCase)
               || keyword.Equals("UPDATE", StringComparison.OrdinalIgnoreCase)
               || keyword.Equals("DELETE", StringComparison.OrdinalIgnoreCase)
               || keyword.Equals("REPLACE", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Runs <paramref name="sql"/> with <paramref name="values"/>; returns the rows changed.</summary>
    public int Execute(string sql, object?[] values)
    {
        if (!_entries.TryGetValue(sql, out var entry))
        {
            if (!IsSingleWrite(sql))
            {
                using var once = connection.CreateCommand();
                PlaceholderBinder.Bind(once, sql, values);
                return once.ExecuteNonQuery();
            }

            var command = connection.CreateCommand();
            try
            {
                PlaceholderBinder.Bind(command, sql, values);
            }
            catch
            {
                command.Dispose();
                throw;
            }

            if (_entries.Count >= Capacity)
            {
                Clear();
            }

            entry = (command, PlaceholderBinder.Rewrite(sql).Placeholders);
            _entries.Add(sql, entry);
            return command.ExecuteNonQuery();
        }

        PlaceholderBinder.Rebind(entry.Command, entry.Placeholders, values);
        return entry.Command.ExecuteNonQuery();
    }

    public void Dispose() => Clear();

    private void Clear()
    {
        foreach (var (command, _) in _entries.Values)
        {
            command.Dispose();
        }

        _entries.Clear();
    }
}
