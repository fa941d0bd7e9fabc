return await Yoda.Cli.CliApp.RunAsync(args, Console.Out, Console.Error);
