using System.Globalization;

namespace Yoda.Testing.SqlLogic;

/// <summary>Reads a sqllogictest script into records, keeping only those meant for SQLite (<c>skipif</c>/<c>onlyif</c>).</summary>
public static class SqlLogicScript
{
    public static IEnumerable<SqlLogicRecord> Read(string path) => Parse(File.ReadAllLines(path));

    public static IEnumerable<SqlLogicRecord> Parse(IReadOnlyList<string> lines)
    {
        var hashThreshold = 0;
        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                i++;
                continue;
            }

            var start = i;
            var skip = false;
            while (line.StartsWith("skipif", StringComparison.Ordinal) || line.StartsWith("onlyif", StringComparison.Ordinal))
            {
                var engine = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
                skip |= line.StartsWith("skipif", StringComparison.Ordinal) ? engine == "sqlite" : engine != "sqlite";
                line = lines[++i].Trim();
            }

            if (line == "halt")
            {
                if (skip)
                {
                    i++;
                    continue;
                }

                yield break;
            }

            var header = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            i++;
            if (header[0] == "hash-threshold")
            {
                hashThreshold = int.Parse(header[1], CultureInfo.InvariantCulture);
                continue;
            }

            var sql = new List<string>();
            while (i < lines.Count && lines[i].Trim().Length > 0 && lines[i] != "----")
            {
                sql.Add(lines[i++]);
            }

            var expected = new List<string>();
            if (i < lines.Count && lines[i] == "----")
            {
                i++;
                while (i < lines.Count && lines[i].Trim().Length > 0)
                {
                    expected.Add(lines[i++]);
                }
            }

            if (!skip && header[0] is "statement" or "query")
            {
                var isQuery = header[0] == "query";
                yield return new SqlLogicRecord(
                    isQuery,
                    string.Join('\n', sql),
                    isQuery ? header[1] : string.Empty,
                    isQuery && header.Length > 2 ? header[2] : "nosort",
                    expected,
                    hashThreshold,
                    start + 1,
                    ExpectsError: !isQuery && header.Length > 1 && header[1] == "error");
            }
        }
    }
}
