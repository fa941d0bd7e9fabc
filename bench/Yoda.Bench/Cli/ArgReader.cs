using System.Globalization;

namespace Yoda.Bench.Cli;

/// <summary>Reads '--name value' and '--flag' arguments; unknown names are an error.</summary>
public sealed class ArgReader
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public ArgReader(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            string name = arg[2..];
            string? value = null;
            int eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (!flags.Contains(name))
            {
                value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"--{name} needs a value");
            }

            _values[name] = value;
        }
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    public string? String(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public double Double(string name, double fallback) => Parse(name, fallback, s => double.Parse(s, CultureInfo.InvariantCulture));

    public int Int(string name, int fallback) => Parse(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    public int? OptionalInt(string name) => String(name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : null;

    /// <summary>Throws when an argument was given that no option read.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }

    private T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        string? text = String(name);
        if (text is null)
        {
            return fallback;
        }

        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"--{name}: '{text}' is not a number");
        }
    }
}
