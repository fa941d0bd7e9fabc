using System.Buffers;
using System.Text;

namespace Yoda.Columnar.Kernels;

/// <summary>Checks on .NET strings before they are compared as UTF-8 bytes.</summary>
public static class Utf16Text
{
    /// <summary>
    /// Whether the text is well-formed UTF-16: a lone surrogate would be replaced on the way to UTF-8, so
    /// the bytes would stand for another text. Allocates nothing.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var used) != OperationStatus.Done)
            {
                return false;
            }

            text = text[used..];
        }

        return true;
    }
}
