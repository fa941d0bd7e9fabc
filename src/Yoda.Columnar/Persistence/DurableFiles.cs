using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Yoda.Columnar.Persistence;

/// <summary>
/// File operations with the durability the storage needs: content flushed to the disk before
/// it is published, renames made durable by syncing their directory, and reads that check a
/// file's length and CRC-32 before anything is parsed.
/// </summary>
public static partial class DurableFiles
{
    /// <summary>Writes a new file, flushes it to the disk, and returns its length and CRC-32.</summary>
    public static FileStamp Write(string path, ReadOnlySpan<byte> content)
    {
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        return new FileStamp(content.Length, Crc32.HashToUInt32(content));
    }

    /// <summary>Reads a whole file and checks it against the length and CRC-32 recorded for it.</summary>
    public static byte[] ReadVerified(string path, FileStamp expected)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new YodaException($"storage file {path} cannot be read: {e.Message}", e);
        }

        if (content.LongLength != expected.Length)
        {
            throw new YodaException(
                $"storage file {path} is damaged: {content.LongLength} bytes where the manifest records {expected.Length} (truncated or overwritten)");
        }

        if (Crc32.HashToUInt32(content) != expected.Crc)
        {
            throw new YodaException($"storage file {path} is damaged: its checksum does not match the manifest");
        }

        return content;
    }

    /// <summary>Renames <paramref name="from"/> over <paramref name="to"/> atomically and makes the rename durable.</summary>
    public static void Publish(string from, string to)
    {
        File.Move(from, to, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(to))!);
    }

    /// <summary>
    /// Flushes a directory's entries (new and renamed files) to the disk. Only POSIX systems need
    /// it; on Windows the file system journals directory changes itself.
    /// </summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return;
        }

        var descriptor = Open(directory, 0);
        if (descriptor < 0)
        {
            throw new YodaException($"storage directory {directory} cannot be opened to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new YodaException($"storage directory {directory} cannot be flushed to the disk (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
