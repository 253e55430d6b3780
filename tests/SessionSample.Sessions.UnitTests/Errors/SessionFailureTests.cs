using Microsoft.AspNetCore.Http;

namespace SessionSample.Sessions.UnitTests.Errors;

/// <summary>Each of the store's exceptions, however deeply wrapped, stands for one status and a message a person can read.</summary>
public sealed class SessionFailureTests
{
    public static TheoryData<string, int, string> Failures() => new()
    {
        { "size", StatusCodes.Status413PayloadTooLarge, "Session data too large" },
        { "lock", StatusCodes.Status423Locked, "Session locked" },
        { "unavailable", StatusCodes.Status503ServiceUnavailable, "Session store unavailable" },
        { "ended", StatusCodes.Status409Conflict, "Session ended" },
        { "counter", StatusCodes.Status409Conflict, "Counter cannot change" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_store_exception_maps_to_its_status_and_title(string kind, int status, string title)
    {
        var failure = SessionFailure.From(Exception(kind));

        Assert.NotNull(failure);
        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(title, failure.Title);
        Assert.DoesNotContain("Exception", failure.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(failure.Message));
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_wrapped_store_exception_maps_like_the_exception_itself(string kind, int status, string title)
    {
        var wrapped = new InvalidOperationException("outer", new AggregateException(Exception(kind)));

        var failure = SessionFailure.From(wrapped);

        Assert.Equal(SessionFailure.From(Exception(kind)), failure);
        Assert.Equal(status, failure!.StatusCode);
        Assert.Equal(title, failure.Title);
    }

    [Fact]
    public void An_outage_never_shows_the_exception_text()
    {
        var failure = SessionFailure.From(new SessionStoreUnavailableException("RedisTimeoutException at 10.0.0.5:6379", new TimeoutException()));

        Assert.DoesNotContain("10.0.0.5", failure!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Redis", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_outermost_store_exception_decides()
    {
        var failure = SessionFailure.From(new SessionStoreUnavailableException("outer", new SessionSizeLimitExceededException("inner")));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, failure!.StatusCode);
    }

    [Fact]
    public void Anything_else_is_not_a_session_failure()
    {
        Assert.Null(SessionFailure.From(null));
        Assert.Null(SessionFailure.From(new InvalidOperationException("a bug")));
        Assert.Null(SessionFailure.From(new TimeoutException()));
        Assert.Null(SessionFailure.From(new InvalidOperationException("outer", new ArgumentException("inner"))));
    }

    private static Exception Exception(string kind) => kind switch
    {
        "size" => new SessionSizeLimitExceededException("The value of 'cart' is 300000 bytes; the limit is 262144."),
        "lock" => new SessionLockTimeoutException("The session is locked by another request.", TimeSpan.FromSeconds(2)),
        "unavailable" => new SessionStoreUnavailableException("load failed", new TimeoutException()),
        "ended" => new SessionEndedException(),
        "counter" => new SessionCounterException("The value of 'n' is not a 64-bit integer."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
