using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Yoda.Bench.Runner;

/// <summary>What a results file says about the machine, the build and the command line.</summary>
public static class MachineInfo
{
    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    public static string CommandLine(IEnumerable<string> args) =>
        "dotnet run -c Release --project bench/Yoda.Bench -- " + string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));

    /// <summary>The commit the runner was built from (stamped at build time), else the checkout's HEAD now.</summary>
    public static string GitCommit() => BuildCommit() ?? CheckoutHead();

    private static string? BuildCommit() =>
        typeof(MachineInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BuildCommit")?.Value;

    private static string CheckoutHead()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepositoryRoot() ?? Environment.CurrentDirectory,
            });
            if (git is null)
            {
                return "unknown";
            }

            string text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    /// <summary>The folder holding Yoda.sln, searched upwards from the working folder and the binary.</summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Yoda.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    public static IEnumerable<string> Describe(IEnumerable<string> args, string? affinity)
    {
        yield return $"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}";
        yield return $"- CPU: {CpuModel()}, {Environment.ProcessorCount} logical cores visible" + (affinity is null ? "" : $", {affinity}");
        yield return $"- OS: {RuntimeInformation.OSDescription}";
        yield return $"- .NET: {RuntimeInformation.FrameworkDescription}, Release build: {!IsDebugBuild()}, GC: workstation non-concurrent, JIT: {JitSettings()}";
        yield return $"- Commit: {GitCommit()}";
        yield return $"- Command: `{CommandLine(args)}`";
    }

    /// <summary>
    /// The tiering settings the runner runs under: its project turns quick JIT for loops off (as
    /// recommended for apps embedding Yoda, README), and DOTNET_ environment variables override it.
    /// </summary>
    private static string JitSettings()
    {
        var tiered = Knob("TieredCompilation", "System.Runtime.TieredCompilation") ?? true;
        var quickLoops = Knob("TC_QuickJitForLoops", "System.Runtime.TieredCompilation.QuickJitForLoops") ?? true;
        return !tiered ? "tiered compilation off" : $"tiered, quick JIT for loops {(quickLoops ? "on (the .NET default)" : "off")}";
    }

    /// <summary>A runtime knob: the DOTNET_ environment variable first (it wins), then the runtimeconfig property.</summary>
    private static bool? Knob(string variable, string property)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_" + variable) is { } value)
        {
            return value != "0";
        }

        return AppContext.GetData(property) is { } data && bool.TryParse(data.ToString(), out var flag) ? flag : null;
    }

    public static bool IsDebugBuild()
    {
#if DEBUG
        return true;
#else
        return false;
#endif
    }

    /// <summary>Pins the process to the first <paramref name="threads"/> cores; returns a description.</summary>
    public static string? PinThreads(int? threads)
    {
        if (threads is null)
        {
            return null;
        }

        int n = Math.Min(threads.Value, Environment.ProcessorCount);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = (nint)((1L << n) - 1);
            return $"process pinned to {n} core(s)";
        }

        return "process affinity not settable on this OS";
    }
}
