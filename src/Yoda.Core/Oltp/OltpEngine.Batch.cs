using Microsoft.Data.Sqlite;
using Yoda.Cdc.Sql;

namespace Yoda.Oltp;

internal sealed partial class OltpEngine
{
    private readonly LiteralParameterizer _parameterizer = new();

    /// <summary>
    /// Whether batch <c>INSERT</c>s that differ only in their literal values share one prepared
    /// statement (see <see cref="LiteralParameterizer"/>); turned off only by tests, to compare.
    /// </summary>
    internal bool ParameterizesBatches { get; set; } = true;

    /// <summary>The number of prepared write statements and batch shapes held (a diagnostic for tests).</summary>
    internal int PreparedWrites => _statements.Count + _shapes.Count;

    /// <summary>Runs the statements in one write transaction: all of them take effect, or none does.</summary>
    public Task<int> ExecuteBatchAsync(IReadOnlyList<string> statements, CancellationToken ct) =>
        WriteAsync(connection => connection.InWriteTransaction(() => RunBatch(connection, statements, ct)), ct);

    private int RunBatch(SqliteConnection connection, IReadOnlyList<string> statements, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        for (var i = 0; i < statements.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            _guard.Denial = null;
            try
            {
                if (ParameterizesBatches && _parameterizer.TryRewrite(statements[i]))
                {
                    _shapes.Execute(_parameterizer.Shape, statements[i], _parameterizer.Values);
                }
                else
                {
                    command.CommandText = statements[i];
                    command.ExecuteNonQuery();
                }
            }
            catch (SqliteException e)
            {
                var reason = e.SqliteErrorCode == SQLitePCL.raw.SQLITE_AUTH ? _guard.Denial ?? e.Message : e.Message;
                throw new YodaException($"batch statement {i + 1} of {statements.Count} failed, nothing was applied: {reason}", e);
            }
        }

        return statements.Count;
    }
}
