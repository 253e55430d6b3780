using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SessionSample.Sessions.UnitTests.Throttling;

/// <summary>Which counter a typed user name is throttled under: one per account however it is typed, and one for any string at all.</summary>
public sealed class ThrottledNameTests
{
    // Keys() only hashes names and addresses: no Redis is needed to see which counter a name gets.
    private static readonly SignInThrottle Throttle = new(null!, Options.Create(new RedisSessionOptions()), Options.Create(new SignInThrottleOptions()));

    // Built from code points: a lone surrogate cannot travel through a test case's display name.
    [Theory]
    [InlineData(0xFFFE)]
    [InlineData(0xD800)]
    [InlineData(0xDC00)]
    public void A_name_that_is_not_valid_text_gets_a_counter_of_its_own_instead_of_throwing(int codeUnit)
    {
        var name = "ali" + (char)codeUnit + "ce";

        var counter = Assert.Single(Throttle.Keys(name, null));

        Assert.True(counter.IsName);
        Assert.NotEqual(NameCounter("alice"), counter.Key);
        Assert.Equal(counter.Key, NameCounter(name));
    }

    [Theory]
    [InlineData("ALICE")]
    [InlineData("  alice ")]
    [InlineData("\uFF41\uFF4C\uFF49\uFF43\uFF45")]
    public void Names_that_differ_by_case_width_or_surrounding_spaces_share_one_counter(string name) =>
        Assert.Equal(NameCounter("alice"), NameCounter(name));

    [Fact]
    public void The_user_index_folds_case_only_so_existing_index_keys_stay_where_they_are()
    {
        Assert.Equal(SessionSchema.UserHandleOf("alice"), SessionSchema.UserHandleOf("ALICE"));
        Assert.NotEqual(SessionSchema.UserHandleOf("alice"), SessionSchema.UserHandleOf(" alice"));
    }

    private static RedisKey NameCounter(string name) => Throttle.Keys(name, null).Single().Key;
}
