namespace Yoda.Cli;

/// <summary>Bad command-line arguments: the tool prints the message and the usage, and exits with 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
