using System.Globalization;
using System.Text;

namespace SessionSample.Sessions.WriteThrough;

/// <summary>
/// A counter's arithmetic where Redis cannot do it (an encrypted counter), with HINCRBY's rules, so a counter
/// behaves the same encrypted or not: the value is decimal text of a 64-bit integer in its one canonical form
/// (no sign but a leading "-", no leading zeros, no spaces), an absent value counts as 0, and a result outside
/// the 64-bit range is refused.
/// </summary>
internal static class SessionCounter
{
    /// <param name="current">The value as the app sees it; null when absent.</param>
    public static ScriptResult TryAdd(byte[]? current, long delta, out long result, out byte[] text)
    {
        result = 0;
        text = [];
        long value = 0;
        if (current is not null && !TryParseCanonical(current, out value))
        {
            return ScriptResult.NotInteger;
        }

        if ((delta > 0 && value > long.MaxValue - delta) || (delta < 0 && value < long.MinValue - delta))
        {
            return ScriptResult.Overflow;
        }

        result = value + delta;
        text = Encoding.ASCII.GetBytes(result.ToString(CultureInfo.InvariantCulture));
        return ScriptResult.Ok;
    }

    // Round-tripping rejects what HINCRBY rejects: "+5", "007", "-0", " 5", "5 ".
    private static bool TryParseCanonical(byte[] current, out long value)
    {
        var text = Encoding.ASCII.GetString(current);
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            && string.Equals(text, value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
