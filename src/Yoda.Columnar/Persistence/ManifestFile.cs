using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace Yoda.Columnar.Persistence;

/// <summary>
/// Reads and publishes <c>manifest.json</c>: a header line <c>yoda-storage-manifest LENGTH CRC32</c>
/// followed by the JSON body it describes. Publishing writes <c>manifest.json.tmp</c>, flushes it,
/// renames it over the old manifest and flushes the directory: a crash leaves either manifest whole.
/// </summary>
public static class ManifestFile
{
    public const int CurrentFormat = 1;
    public const string FileName = "manifest.json";
    public const string TemporaryFileName = FileName + ".tmp";
    private const string HeaderWord = "yoda-storage-manifest";

    private static readonly JsonSerializerOptions Json = new();

    /// <summary>The manifest under <paramref name="root"/>, or null when none was ever published.</summary>
    public static StorageManifest? Read(string root)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new YodaException($"storage manifest {path} cannot be read: {e.Message}", e);
        }

        var newline = Array.IndexOf(content, (byte)'\n');
        var header = newline < 0 ? [] : Encoding.ASCII.GetString(content, 0, newline).Split(' ');
        if (header.Length != 3 || header[0] != HeaderWord
            || !long.TryParse(header[1], out var length) || !uint.TryParse(header[2], out var crc))
        {
            throw new YodaException($"storage manifest {path} is damaged: its header is missing or malformed");
        }

        var body = content.AsSpan(newline + 1);
        if (body.Length != length || Crc32.HashToUInt32(body) != crc)
        {
            throw new YodaException($"storage manifest {path} is damaged: its body does not match its length and checksum (truncated or overwritten)");
        }

        StorageManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<StorageManifest>(body, Json)
                ?? throw new YodaException($"storage manifest {path} is damaged: it is empty");
        }
        catch (JsonException e)
        {
            throw new YodaException($"storage manifest {path} is damaged: {e.Message}", e);
        }

        if (manifest.FormatVersion != CurrentFormat)
        {
            throw new YodaException($"storage manifest {path} is in format {manifest.FormatVersion}, but this build reads format {CurrentFormat}");
        }

        return manifest;
    }

    /// <summary>Makes <paramref name="manifest"/> the published state; returns the bytes written.</summary>
    public static long Publish(string root, StorageManifest manifest)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        var header = Encoding.ASCII.GetBytes($"{HeaderWord} {body.Length} {Crc32.HashToUInt32(body)}\n");
        var content = new byte[header.Length + body.Length];
        header.CopyTo(content, 0);
        body.CopyTo(content, header.Length);

        var temporary = Path.Combine(root, TemporaryFileName);
        File.Delete(temporary);
        DurableFiles.Write(temporary, content);
        DurableFiles.Publish(temporary, Path.Combine(root, FileName));
        return content.Length;
    }
}
