using Yoda.Cli.Commands;

namespace Yoda.Cli;

/// <summary>The <c>yoda</c> tool: parses the arguments, runs a command, returns the exit code.</summary>
public static class CliApp
{
    public const string Usage = """
        usage:
          yoda demo                                      run the quick start and the sales report in memory
          yoda exec   --db PATH "SQL"                    run a statement on SQLite (queries are routed)
          yoda query  --db PATH "SQL"                    run a query on the OLAP engine (writes are refused)
          yoda sync   --db PATH                          apply pending CDC events until none is left
          yoda status --db PATH                          show the sync lag and the registered tables
          yoda register --db PATH --table T --columns "id:int64,name:utf8" [--pk id] [--initial-sync]
                                                         register a SQLite table for replication
        """;

    /// <summary>0 on success, 1 when the engine reports an error, 2 for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            if (args.Length == 0)
            {
                throw new UsageException("no command given");
            }

            var options = CommandLine.Parse(args.Skip(1).ToArray());
            return args[0] switch
            {
                "demo" => await DemoCommand.RunAsync(output),
                "exec" => await DatabaseCommands.ExecAsync(options.Require("db"), options.Sql(), output),
                "query" => await DatabaseCommands.QueryAsync(options.Require("db"), options.Sql(), output),
                "sync" => await DatabaseCommands.SyncAsync(options.Require("db"), output),
                "status" => await DatabaseCommands.StatusAsync(options.Require("db"), output),
                "register" => await DatabaseCommands.RegisterAsync(options.Require("db"), options.Require("table"),
                    options.Require("columns"), options.Optional("pk"), options.Flag("initial-sync"), output),
                "help" or "--help" or "-h" => PrintUsage(output, 0),
                _ => throw new UsageException($"unknown command: {args[0]}"),
            };
        }
        catch (UsageException e)
        {
            error.WriteLine($"yoda: {e.Message}");
            return PrintUsage(error, 2);
        }
        catch (Exception e) when (e is YodaException or ArgumentException)
        {
            error.WriteLine($"yoda: {e.Message}");
            return 1;
        }
    }

    private static int PrintUsage(TextWriter writer, int exitCode)
    {
        writer.WriteLine(Usage);
        return exitCode;
    }
}
