using Yoda.Cdc;
using Yoda.Cdc.Sql;
using Yoda.Columnar.Types;
using Yoda.Oltp;

namespace Yoda;

public sealed partial class HtapEngine
{
    /// <summary>The SQLite side (for tests).</summary>
    internal OltpEngine Oltp => _oltp;

    /// <summary>Runs writes or DDL on SQLite (through the single-writer queue); returns the rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(sql);
        var values = ParameterValues.Normalize(parameters);
        try
        {
            return await _oltp.ExecuteWriteAsync(sql, values, ct).ConfigureAwait(false);
        }
        finally
        {
            await ForgetDroppedTablesAsync().ConfigureAwait(false);
            await RefreshViewsAfterAsync([sql]).ConfigureAwait(false);
        }
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

        try
        {
            await _oltp.ExecuteBatchAsync(list, ct).ConfigureAwait(false);
        }
        finally
        {
            await ForgetDroppedTablesAsync().ConfigureAwait(false);
            await RefreshViewsAfterAsync(list).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Unregisters the registered tables that a statement dropped: their registration goes, and
    /// their OLAP table with it (the capture triggers went with the SQLite table).
    /// </summary>
    private async Task ForgetDroppedTablesAsync()
    {
        if (_guard.DroppedTables.IsEmpty)
        {
            return;
        }

        await _syncGate.WaitAsync().ConfigureAwait(false);
        try
        {
            while (_guard.DroppedTables.TryDequeue(out var name))
            {
                if (!_replicas.TryGetValue(name, out var replica))
                {
                    continue;
                }

                var gone = await _oltp.WriteAsync(connection =>
                {
                    var exists = Cdc.Registration.SchemaValidator.Exists(connection, replica.Name);
                    if (!exists)
                    {
                        MetadataStore.DeleteTable(connection, replica.Name);
                    }

                    return !exists;
                }, CancellationToken.None).ConfigureAwait(false);

                if (gone)
                {
                    _replicas = _replicas.Remove(replica.Name);
                    _catalog = _catalog.RemoveTable(replica.Name);
                    PersistOlap();
                    _duck?.Drop(replica.Name, _watermark);
                }
            }
        }
        finally
        {
            _syncGate.Release();
        }
    }
}
