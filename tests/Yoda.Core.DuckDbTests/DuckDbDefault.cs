using System.Runtime.CompilerServices;

namespace Yoda.Core.Tests;

/// <summary>Makes DuckDB the backend of every engine the shared tests open without choosing one.</summary>
internal static class DuckDbDefault
{
#pragma warning disable CA2255 // a test assembly is the one place a module initializer belongs
    [ModuleInitializer]
    internal static void UseDuckDb() => HtapConfig.DefaultOlapBackend = OlapBackend.DuckDb;
#pragma warning restore CA2255
}
