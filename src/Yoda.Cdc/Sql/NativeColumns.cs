using System.Runtime.InteropServices;
using SQLitePCL;

namespace Yoda.Cdc.Sql;

/// <summary>
/// SQLite's column accessors and <c>sqlite3_step</c> called straight from the library SQLitePCLRaw
/// loaded, on the raw statement pointer. Through SQLitePCLRaw each call takes and releases the
/// statement's SafeHandle and makes a full GC transition, which costs more than SQLite's own work
/// for a small value; the accessors here do neither (they are short, never block and never call
/// back). A column is read as <c>sqlite3_column_value</c> and then the value accessors: every
/// column accessor takes the connection's mutex, the value accessors do not, so a value costs one
/// mutex round trip instead of two. Only with SQLitePCLRaw's bundled <c>e_sqlite3</c> provider,
/// where the library name is known; otherwise <see cref="Available"/> is false and <see cref="RawStatement"/> goes through
/// SQLitePCLRaw.
/// </summary>
internal static unsafe class NativeColumns
{
    private const string Library = "e_sqlite3";

    public static readonly bool Available;
    private static readonly delegate* unmanaged<nint, int> StepFunction;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, int, nint> ColumnFunction;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, int> TypeFunction;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, long> Int64Function;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, double> DoubleFunction;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, byte*> BlobFunction;
    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, int> BytesFunction;

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
        ColumnFunction = (delegate* unmanaged[SuppressGCTransition]<nint, int, nint>)NativeLibrary.GetExport(handle, "sqlite3_column_value");
        TypeFunction = (delegate* unmanaged[SuppressGCTransition]<nint, int>)NativeLibrary.GetExport(handle, "sqlite3_value_type");
        Int64Function = (delegate* unmanaged[SuppressGCTransition]<nint, long>)NativeLibrary.GetExport(handle, "sqlite3_value_int64");
        DoubleFunction = (delegate* unmanaged[SuppressGCTransition]<nint, double>)NativeLibrary.GetExport(handle, "sqlite3_value_double");
        BlobFunction = (delegate* unmanaged[SuppressGCTransition]<nint, byte*>)NativeLibrary.GetExport(handle, "sqlite3_value_blob");
        BytesFunction = (delegate* unmanaged[SuppressGCTransition]<nint, int>)NativeLibrary.GetExport(handle, "sqlite3_value_bytes");
        Available = true;
    }

    public static int Step(nint statement) => StepFunction(statement);

    /// <summary>
    /// The value of a column of the current row, valid until the next step. SQLite calls it
    /// unprotected: safe to read here because a connection is only ever used by one thread at a time.
    /// </summary>
    public static nint Column(nint statement, int column) => ColumnFunction(statement, column);

    public static int Type(nint value) => TypeFunction(value);

    public static long Int64(nint value) => Int64Function(value);

    public static double Double(nint value) => DoubleFunction(value);

    /// <summary>The bytes of a text or blob value, valid until the next step.</summary>
    public static ReadOnlySpan<byte> Bytes(nint value)
    {
        var start = BlobFunction(value); // before sqlite3_value_bytes, as SQLite asks
        return start is null ? [] : new ReadOnlySpan<byte>(start, BytesFunction(value));
    }
}
