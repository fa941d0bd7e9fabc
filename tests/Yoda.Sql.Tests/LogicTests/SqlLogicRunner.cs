using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Yoda.Columnar.Kernels;
using Yoda.Columnar.Storage;
using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.LogicTests;

/// <summary>
/// Runs a sqllogictest script: statements on SQLite, queries on Yoda's OLAP path over a snapshot of
/// SQLite's tables. A query Yoda cannot run (a YodaException, including syntax it does not parse)
/// counts as not supported, never as passed.
/// </summary>
public sealed class SqlLogicRunner
{
    public int Passed { get; private set; }

    public int NotSupported { get; private set; }

    public List<string> Failures { get; } = [];

    public Dictionary<string, int> NotSupportedReasons { get; } = [];

    private SqliteConnection? _sqlite;

    public void Run(string path)
    {
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        _sqlite = sqlite;
        CatalogSnapshot? catalog = null;
        HashSet<string> unloadable = [];
        Dictionary<string, ViewDefinition> views = [];
        foreach (var record in SqlLogicScript.Read(path))
        {
            if (!record.IsQuery)
            {
                Execute(sqlite, record.Sql);
                catalog = null;
                continue;
            }

            if (catalog is null)
            {
                (catalog, unloadable, views) = SqliteCatalogLoader.LoadWithViews(sqlite);
            }

            RunQuery(record, catalog, views, unloadable, $"{Path.GetFileName(path)}:{record.Line}");
        }
    }

    private void RunQuery(SqlLogicRecord record, CatalogSnapshot catalog, Dictionary<string, ViewDefinition> views, HashSet<string> unloadable, string where)
    {
        List<object?[]> rows;
        try
        {
            rows = ResultRows.FromArrow(SqlEngine.Execute(record.Sql, [], catalog, views, default));
        }
        catch (YodaException e)
        {
            var reason = e is SqlParseException ? "syntax: " + e.Message.Split(',')[0] : e.Message;
            if (e is SqlParseException || reason.Contains("not supported yet", StringComparison.Ordinal)
                || (reason.StartsWith("no such table: ", StringComparison.Ordinal) && unloadable.Contains(reason["no such table: ".Length..])))
            {
                NotSupported++;
                NotSupportedReasons[reason] = NotSupportedReasons.GetValueOrDefault(reason) + 1;
            }
            else if (SqliteFails(record.Sql))
            {
                // Both engines reject the query (e.g. "integer overflow"): the script expects no rows.
                Passed++;
            }
            else
            {
                Failures.Add($"{where}: {record.Sql} -> {e.Message}");
            }

            return;
        }

        var actual = Render(record, rows);
        if (actual.SequenceEqual(record.Expected))
        {
            Passed++;
        }
        else
        {
            Failures.Add($"{where}: {record.Sql}\n  expected {string.Join(' ', record.Expected.Take(12))}\n  actual   {string.Join(' ', actual.Take(12))}");
        }
    }

    private bool SqliteFails(string sql)
    {
        try
        {
            using var command = _sqlite!.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
            }

            return false;
        }
        catch (SqliteException)
        {
            return true;
        }
    }

    private static List<string> Render(SqlLogicRecord record, List<object?[]> rows)
    {
        var rendered = rows.Select(r => r.Select((v, c) => Value(v, c < record.Types.Length ? record.Types[c] : 'T')).ToArray()).ToList();
        var values = record.SortMode switch
        {
            "rowsort" => rendered.Order(Comparer<string[]>.Create(CompareRows)).SelectMany(r => r).ToList(),
            "valuesort" => rendered.SelectMany(r => r).Order(StringComparer.Ordinal).ToList(),
            _ => rendered.SelectMany(r => r).ToList(),
        };
        var expectsHash = record.Expected is [var only] && only.Contains(" values hashing to ", StringComparison.Ordinal);
        if (expectsHash || (record.HashThreshold > 0 && values.Count > record.HashThreshold))
        {
            var hash = MD5.HashData(Encoding.UTF8.GetBytes(string.Concat(values.Select(v => v + "\n"))));
            return [$"{values.Count} values hashing to {Convert.ToHexStringLower(hash)}"];
        }

        return values;
    }

    private static int CompareRows(string[] a, string[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>Renders a value as the sqllogictest harness does for SQLite: I as %lld, R as %.3f, T as text.</summary>
    private static string Value(object? v, char type)
    {
        if (v is null)
        {
            return "NULL";
        }

        var text = type switch
        {
            'I' => v switch
            {
                long l => l.ToString(CultureInfo.InvariantCulture),
                double d => RealKernels.ToInt64(d).ToString(CultureInfo.InvariantCulture),
                string s => NumericText.ToInteger(s).ToString(CultureInfo.InvariantCulture),
                _ => "0",
            },
            'R' => Real(v switch
            {
                long l => l,
                double d => d,
                string s => NumericText.ToReal(s),
                _ => 0.0,
            }),
            _ => v is byte[] b ? Encoding.UTF8.GetString(b) : NumericText.ToText(v),
        };
        if (text.Length == 0)
        {
            return "(empty)";
        }

        return string.Concat(text.Select(c => c < ' ' || c > '~' ? '@' : c));
    }

    /// <summary>%.3f as the corpus was rendered: large magnitudes keep 16 significant digits and zero-fill.</summary>
    private static string Real(double d)
    {
        if (Math.Abs(d) < 1e15 || !double.IsFinite(d))
        {
            return d.ToString("F3", CultureInfo.InvariantCulture);
        }

        var e = Math.Abs(d).ToString("E15", CultureInfo.InvariantCulture);
        var exponent = int.Parse(e.AsSpan(e.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var digits = (e[0] + e[2..e.IndexOf('E')]).PadRight(exponent + 1, '0');
        return (d < 0 ? "-" : string.Empty) + digits + ".000";
    }

    private static void Execute(SqliteConnection sqlite, string sql)
    {
        try
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // "statement error" records are expected to fail; the script's state is SQLite's.
        }
    }
}
