using System.Text.RegularExpressions;
using FsCheck.Xunit;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Kernels;

public sealed class KernelProperties
{
    /// <summary>SQLite's 17-digit rendering always reads back as the same double.</summary>
    [Property(MaxTest = 2000)]
    public bool Real_text_round_trips(double value) =>
        !double.IsFinite(value) || double.Parse(RealFormatter.Format(value), System.Globalization.CultureInfo.InvariantCulture) == value;

    /// <summary>LIKE agrees with an equivalent case-insensitive regular expression on a small alphabet.</summary>
    [Property(MaxTest = 2000)]
    public bool Like_agrees_with_a_regex(byte[] patternSeed, byte[] textSeed)
    {
        const string patternAlphabet = "aAb%_";
        const string textAlphabet = "aAbB";
        var pattern = new string(patternSeed.Take(8).Select(b => patternAlphabet[b % patternAlphabet.Length]).ToArray());
        var text = new string(textSeed.Take(10).Select(b => textAlphabet[b % textAlphabet.Length]).ToArray());
        var regex = "^" + string.Concat(pattern.Select(c => c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) })) + "$";
        return LikeMatcher.Matches(pattern, text, null) == Regex.IsMatch(text, regex, RegexOptions.IgnoreCase | RegexOptions.Singleline);
    }

    /// <summary>
    /// The UTF-8 byte matcher of '%'-only patterns agrees with the string matcher, on text long enough
    /// for the vector search, with letters, bytes that differ from a letter by the case bit ('@', '`'),
    /// and non-ASCII characters (which fold in neither).
    /// </summary>
    [Property(MaxTest = 3000)]
    public bool Utf8_like_agrees_with_the_string_matcher(byte[] patternSeed, byte[] textSeed)
    {
        string[] patternAlphabet = ["a", "B", "@", "é", "😀", "%", "%", "ab"];
        string[] textAlphabet = ["a", "A", "b", "B", "@", "`", "é", "É", "😀", "x"];
        var pattern = string.Concat(patternSeed.Take(6).Select(b => patternAlphabet[b % patternAlphabet.Length]));
        var text = string.Concat(textSeed.Take(90).Select(b => textAlphabet[b % textAlphabet.Length]));
        var utf8 = Utf8LikePattern.TryCreate(pattern)!;
        return utf8.IsMatch(System.Text.Encoding.UTF8.GetBytes(text)) == LikeMatcher.Matches(pattern, text, null);
    }

    /// <summary>BINARY text order is UTF-8 byte order, including characters on either side of the surrogate range.</summary>
    [Property(MaxTest = 2000)]
    public bool Binary_text_order_is_utf8_byte_order(byte[] aSeed, byte[] bSeed)
    {
        string[] alphabet = ["a", "b", "é", "\uE000", "\uFFFD", "😀", "http://x/"];
        var a = string.Concat(aSeed.Take(12).Select(x => alphabet[x % alphabet.Length]));
        var b = string.Concat(bSeed.Take(12).Select(x => alphabet[x % alphabet.Length]));
        var bytes = System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b));
        return Math.Sign(TextKernels.CompareBinary(a, b)) == Math.Sign(bytes);
    }
}
