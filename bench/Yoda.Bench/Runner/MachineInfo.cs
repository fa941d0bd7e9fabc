using System.Diagnostics;
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

    public static string GitCommit()
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
        yield return $"- .NET: {RuntimeInformation.FrameworkDescription}, Release build: {!IsDebugBuild()}, GC: workstation non-concurrent";
        yield return $"- Commit: {GitCommit()}";
        yield return $"- Command: `{CommandLine(args)}`";
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
