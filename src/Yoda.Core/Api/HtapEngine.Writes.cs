using Yoda.Cdc.Sql;
using Yoda.Oltp;

namespace Yoda;

public sealed partial class HtapEngine
{
    /// <summary>Runs writes or DDL on SQLite (through the single-writer queue); returns the rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(sql);
        var values = ParameterValues.Normalize(parameters);
        return await _oltp.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            PlaceholderBinder.Bind(command, sql, values);
            return command.ExecuteNonQuery();
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Runs the statements in one SQLite transaction: all of them take effect, or none does.</summary>
    public async Task ExecuteBatchAsync(IEnumerable<string> statements, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(statements);
        var list = statements.ToList();
        if (list.Any(s => s is null))
        {
            throw new ArgumentException("statements must not contain null", nameof(statements));
        }

        await _oltp.WriteAsync(connection => connection.InWriteTransaction(() =>
        {
            using var command = connection.CreateCommand();
            for (var i = 0; i < list.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                command.CommandText = list[i];
                try
                {
                    command.ExecuteNonQuery();
                }
                catch (Microsoft.Data.Sqlite.SqliteException e)
                {
                    throw new YodaException($"batch statement {i + 1} of {list.Count} failed, nothing was applied: {e.Message}", e);
                }
            }

            return 0;
        }), ct).ConfigureAwait(false);
    }
}
