using System.Runtime.InteropServices;
using SQLitePCL;

namespace Yoda.Cdc.Sql;

/// <summary>
/// SQLite's column accessors and <c>sqlite3_step</c> called straight from the library SQLitePCLRaw
/// loaded, on the raw statement pointer. Through SQLitePCLRaw each call takes and releases the
/// statement's SafeHandle and makes a full GC transition, which costs more than SQLite's own work
/// for a small value; the accessors here do neither (they are short, never block and never call
/// back). Only with SQLitePCLRaw's bundled <c>e_sqlite3</c> provider, where the library name is
/// known; otherwise <see cref="Available"/> is false and <see cref="RawStatement"/> goes through
/// SQLitePCLRaw.
/// </summary>
internal static unsafe class NativeColumns
{
    private const string Library = "e_sqlite3";

    public static readonly bool Available;
    private static readonly delegate* unmanaged<nint, int> StepFunction;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, int, int> TypeFunction;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, int, long> Int64Function;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, int, double> DoubleFunction;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, int, byte*> BlobFunction;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, int, int> BytesFunction;

    static NativeColumns()
    {
        if (raw.GetNativeLibraryName() != Library
            || !NativeLibrary.TryLoad(Library, typeof(NativeColumns).Assembly, null, out var handle)
            || !NativeLibrary.TryGetExport(handle, "sqlite3_libversion_number", out var version)
            || ((delegate* unmanaged<int>)version)() != raw.sqlite3_libversion_number())
        {
            return;
        }

        StepFunction = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(handle, "sqlite3_step");
        TypeFunction = (delegate* unmanaged[SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(handle, "sqlite3_column_type");
        Int64Function = (delegate* unmanaged[SuppressGCTransition]<nint, int, long>)NativeLibrary.GetExport(handle, "sqlite3_column_int64");
        DoubleFunction = (delegate* unmanaged[SuppressGCTransition]<nint, int, double>)NativeLibrary.GetExport(handle, "sqlite3_column_double");
        BlobFunction = (delegate* unmanaged[SuppressGCTransition]<nint, int, byte*>)NativeLibrary.GetExport(handle, "sqlite3_column_blob");
        BytesFunction = (delegate* unmanaged[SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(handle, "sqlite3_column_bytes");
        Available = true;
    }

    public static int Step(nint statement) => StepFunction(statement);

    public static int Type(nint statement, int column) => TypeFunction(statement, column);

    public static long Int64(nint statement, int column) => Int64Function(statement, column);

    public static double Double(nint statement, int column) => DoubleFunction(statement, column);

    /// <summary>The bytes of a text or blob value, valid until the next step.</summary>
    public static ReadOnlySpan<byte> Bytes(nint statement, int column)
    {
        var start = BlobFunction(statement, column); // before sqlite3_column_bytes, as SQLite asks
        return start is null ? [] : new ReadOnlySpan<byte>(start, BytesFunction(statement, column));
    }
}
