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
}
