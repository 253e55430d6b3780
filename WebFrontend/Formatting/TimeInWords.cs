using System.Globalization;

namespace SessionSample.WebFrontend.Formatting;

/// <summary>How long ago something happened, as a person would say it ("just now", "5 minutes ago", "yesterday").</summary>
public static class TimeInWords
{
    public static string Ago(DateTimeOffset moment, DateTimeOffset now)
    {
        var elapsed = now - moment;
        if (elapsed < TimeSpan.FromMinutes(1))
        {
            // A clock a little ahead on another replica reads as "just now", never as "in the future".
            return "just now";
        }

        return elapsed switch
        {
            { TotalHours: < 1 } => Count((int)elapsed.TotalMinutes, "minute") + " ago",
            { TotalDays: < 1 } => Count((int)elapsed.TotalHours, "hour") + " ago",
            { TotalDays: < 2 } => "yesterday",
            _ => Count((int)elapsed.TotalDays, "day") + " ago",
        };
    }

    /// <summary>How long until something happens, to the nearest unit ("in 2 hours" for 1 h 59 min); "now" once it is due.</summary>
    public static string Until(DateTimeOffset moment, DateTimeOffset now)
    {
        var remaining = moment - now;
        return remaining switch
        {
            { TotalMinutes: < 1 } => "now",
            { TotalMinutes: < 59.5 } => "in " + Count(Nearest(remaining.TotalMinutes), "minute"),
            { TotalHours: < 23.5 } => "in " + Count(Nearest(remaining.TotalHours), "hour"),
            _ => "in " + Count(Nearest(remaining.TotalDays), "day"),
        };
    }

    private static int Nearest(double amount) => (int)Math.Round(amount, MidpointRounding.AwayFromZero);

    private static string Count(int amount, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount} {unit}{(amount == 1 ? "" : "s")}");
}
