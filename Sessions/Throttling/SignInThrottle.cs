using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// Limits failed sign-ins per user name and per client address, counted in the sessions Redis so every replica
/// of both apps sees one count. Call <see cref="EnsureAllowedAsync"/> before checking the credentials and
/// <see cref="RecordFailureAsync"/> when they are wrong; a successful sign-in calls neither, so it neither
/// counts nor resets a count (a valid account of the attacker's own cannot clear an address's failures).
/// <para>
/// A name is counted whether or not such a user exists (the limit reveals nothing), after trimming and
/// upper-casing, and only its SHA-256 is in the key; the address too. Each counter is a key of its own, its
/// own hash tag (one slot on a cluster), and each check or record is one script per counter, sent together:
/// one round trip. The address is the connection's (<c>HttpContext.Connection.RemoteIpAddress</c>): behind a
/// proxy configure ForwardedHeaders, or every client counts as the proxy.
/// </para>
/// </summary>
public sealed class SignInThrottle(IConnectionMultiplexer redis, IOptions<RedisSessionOptions> options)
{
    // Answers {0, 0} while allowed, {1, ms left in the window} once the failures reached the limit.
    private const string CheckScript = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count < tonumber(ARGV[1]) then return {0, 0} end
        return {1, redis.call('PTTL', KEYS[1])}
        """;

    // The window starts at the first failure; a counter that somehow lost its expiry gets one again.
    private const string RecordScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return count
        """;

    private readonly RedisSessionOptions _options = options.Value;

    /// <exception cref="SignInThrottledException">The name or the address has had its failures for this window.</exception>
    /// <exception cref="SessionStoreUnavailableException">Redis did not answer: the sign-in is refused (503), never let through uncounted.</exception>
    public async Task EnsureAllowedAsync(string userName, IPAddress? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var limits = _options.SignInThrottle;
        var replies = await RunAsync(
            (key, isName) => redis.GetDatabase().ScriptEvaluateAsync(CheckScript, [key], [isName ? limits.MaxFailures : limits.MaxFailuresPerAddress]),
            userName,
            address,
            cancellationToken);
        var wait = replies.Select(reply => (RedisResult[])reply!)
            .Where(reply => (long)reply[0] == 1)
            .Select(reply => (long)reply[1])
            .DefaultIfEmpty(-1)
            .Max();
        if (wait >= 0)
        {
            throw new SignInThrottledException(TimeSpan.FromMilliseconds(Math.Max(wait, 1)));
        }
    }

    /// <exception cref="SessionStoreUnavailableException">Redis did not answer.</exception>
    public async Task RecordFailureAsync(string userName, IPAddress? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var window = (RedisValue)(long)_options.SignInThrottle.Window.TotalMilliseconds;
        await RunAsync((key, _) => redis.GetDatabase().ScriptEvaluateAsync(RecordScript, [key], [window]), userName, address, cancellationToken);
    }

    /// <summary>The counter keys of a name and an address (whether each is the name's): a hash of each, which is also the hash tag.</summary>
    internal IEnumerable<(RedisKey Key, bool IsName)> Keys(string userName, IPAddress? address)
    {
        yield return (Key("name", userName.Trim().Normalize(NormalizationForm.FormKC).ToUpperInvariant()), true);
        if (address is not null)
        {
            yield return (Key("address", (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()), false);
        }
    }

    private RedisKey Key(string kind, string value) =>
        $"{_options.KeyPrefix}throttle:{kind}:{{{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + value)))}}}";

    private async Task<RedisResult[]> RunAsync(Func<RedisKey, bool, Task<RedisResult>> script, string userName, IPAddress? address, CancellationToken cancellationToken)
    {
        try
        {
            // Both scripts leave before either answer is awaited: one round trip.
            return await Task.WhenAll(Keys(userName, address).Select(counter => script(counter.Key, counter.IsName))).WaitAsync(_options.OperationBudget, cancellationToken);
        }
        catch (Exception exception) when (SessionResilience.IsOutage(exception) || exception is RedisException or TimeoutException)
        {
            throw new SessionStoreUnavailableException("Failed sign-ins could not be counted: the sessions Redis is unavailable.", exception);
        }
    }
}
