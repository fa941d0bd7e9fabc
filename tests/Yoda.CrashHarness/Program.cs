using Yoda;
using Yoda.CrashHarness;

// Usage: Yoda.CrashHarness DIRECTORY destructive|temporal arrow|parquet SYNC_BATCH_SIZE SEED
// Opens the engine on DIRECTORY, prints "ready", then writes and syncs until it is killed.
var mode = args[1] == "temporal" ? SyncMode.Temporal : SyncMode.Destructive;
var storage = args[2] == "parquet" ? StorageMode.Parquet : StorageMode.ArrowIpc;
var config = CrashWorkload.Config(args[0], mode, storage, int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
var random = new Random(int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));

var engine = await HtapEngine.OpenAsync(config);
await CrashWorkload.PrepareAsync(engine);
Console.WriteLine("ready");
await CrashWorkload.RunAsync(engine, random);
