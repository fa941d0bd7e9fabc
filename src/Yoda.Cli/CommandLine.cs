namespace Yoda.Cli;

/// <summary><c>--name value</c> options, <c>--flag</c> switches and positional arguments.</summary>
internal sealed class CommandLine
{
    private static readonly HashSet<string> Flags = ["initial-sync"];

    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    public static CommandLine Parse(string[] args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].Length > 2)
            {
                var name = args[i][2..];
                if (Flags.Contains(name))
                {
                    line._flags.Add(name);
                    continue;
                }

                if (i + 1 >= args.Length)
                {
                    throw new UsageException($"option --{name} needs a value");
                }

                line._options[name] = args[++i];
            }
            else
            {
                line._positional.Add(args[i]);
            }
        }

        return line;
    }

    public string Require(string name) =>
        _options.TryGetValue(name, out var value) ? value : throw new UsageException($"missing option --{name}");

    public string? Optional(string name) => _options.GetValueOrDefault(name);

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>The single positional SQL text.</summary>
    public string Sql() => _positional.Count switch
    {
        1 => _positional[0],
        0 => throw new UsageException("missing SQL text"),
        _ => throw new UsageException("give the SQL text as one argument (quote it)"),
    };
}
