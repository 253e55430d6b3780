using System.Text;

namespace SessionSample.Sessions.UnitTests.WriteThrough;

/// <summary>An encrypted counter is added to in the app, with HINCRBY's rules, so it behaves exactly like a plain one.</summary>
public sealed class SessionCounterTests
{
    [Theory]
    [InlineData(null, 1, 1)]
    [InlineData("41", 1, 42)]
    [InlineData("-5", 3, -2)]
    [InlineData("0", -9223372036854775807, -9223372036854775807)]
    [InlineData("9223372036854775806", 1, 9223372036854775807)]
    public void Adds_exactly_and_answers_the_decimal_text(string? current, long delta, long expected)
    {
        var result = SessionCounter.TryAdd(current is null ? null : Encoding.ASCII.GetBytes(current), delta, out var value, out var text);

        Assert.Equal(ScriptResult.Ok, result);
        Assert.Equal(expected, value);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.ASCII.GetString(text));
    }

    [Theory]
    [InlineData("+5")]
    [InlineData("007")]
    [InlineData("-0")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("five")]
    [InlineData("")]
    [InlineData("9223372036854775808")]
    public void Refuses_what_HINCRBY_refuses(string current)
    {
        Assert.Equal(ScriptResult.NotInteger, SessionCounter.TryAdd(Encoding.ASCII.GetBytes(current), 1, out _, out _));
    }

    [Theory]
    [InlineData("9223372036854775807", 1)]
    [InlineData("-9223372036854775808", -1)]
    public void Refuses_a_result_outside_64_bits(string current, long delta)
    {
        Assert.Equal(ScriptResult.Overflow, SessionCounter.TryAdd(Encoding.ASCII.GetBytes(current), delta, out _, out _));
    }
}
