using Yoda;
using Yoda.Cli;
using Yoda.Cli.Commands;

const string Usage = """
    usage:
      yoda demo                                      run the quick start and the sales report in memory
      yoda exec   --db PATH "SQL"                    run a statement on SQLite (queries are routed)
      yoda query  --db PATH "SQL"                    run a query on the OLAP engine (writes are refused)
      yoda sync   --db PATH                          apply pending CDC events until none is left
      yoda status --db PATH                          show the sync lag and the registered tables
      yoda register --db PATH --table T --columns "id:int64,name:utf8" [--pk id] [--initial-sync]
                                                     register a SQLite table for replication
    """;

try
{
    if (args.Length == 0)
    {
        throw new UsageException("no command given");
    }

    var options = CommandLine.Parse(args.Skip(1).ToArray());
    return args[0] switch
    {
        "demo" => await DemoCommand.RunAsync(Console.Out),
        "exec" => await DatabaseCommands.ExecAsync(options.Require("db"), options.Sql(), Console.Out),
        "query" => await DatabaseCommands.QueryAsync(options.Require("db"), options.Sql(), Console.Out),
        "sync" => await DatabaseCommands.SyncAsync(options.Require("db"), Console.Out),
        "status" => await DatabaseCommands.StatusAsync(options.Require("db"), Console.Out),
        "register" => await DatabaseCommands.RegisterAsync(options.Require("db"), options.Require("table"),
            options.Require("columns"), options.Optional("pk"), options.Flag("initial-sync"), Console.Out),
        "help" or "--help" or "-h" => PrintUsage(Console.Out, 0),
        _ => throw new UsageException($"unknown command: {args[0]}"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"yoda: {e.Message}");
    return PrintUsage(Console.Error, 2);
}
catch (Exception e) when (e is YodaException or ArgumentException)
{
    Console.Error.WriteLine($"yoda: {e.Message}");
    return 1;
}

int PrintUsage(TextWriter writer, int exitCode)
{
    writer.WriteLine(Usage);
    return exitCode;
}
