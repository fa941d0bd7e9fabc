namespace Yoda.Columnar.Persistence;

/// <summary>What the manifest records about a file to detect damage: its length and CRC-32.</summary>
public sealed record FileStamp(long Length, uint Crc);
