using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SessionSample.Sessions.Throttling;

/// <summary>
/// Limits failed sign-ins per user name and per client address, counted in the sessions Redis so every replica
/// of both apps sees one count. Call <see cref="ReserveAsync"/> before checking the credentials: it counts the
/// attempt as a failure in advance, atomically with the check of the limit, so parallel guesses cannot all pass
/// a check made before any of them is counted. A wrong password needs nothing more (the reservation is the
/// failure); a right one calls <see cref="ReleaseAsync"/>, which takes back this attempt's reservation only, so a
/// success neither counts nor resets other failures (a valid account of the attacker's own cannot clear an
/// address's failures). An attempt that dies between the two (an abort, a crash) stays counted: fail closed.
/// <para>
/// A name is counted whether or not such a user exists (the limit reveals nothing), after trimming and
/// upper-casing, and only its hash is in the key; the address too. An IPv4 client counts by its address, an
/// IPv6 client by its /64 (what one subscriber is handed), an IPv4-mapped IPv6 address as the IPv4 address.
/// Each counter is a key of its own, its own hash tag (one slot on a cluster), and each reservation or release
/// is one script per counter, sent together: one round trip. The address is the connection's
/// (<c>HttpContext.Connection.RemoteIpAddress</c>): behind a proxy configure ForwardedHeaders, or every client
/// counts as the proxy.
/// </para>
/// </summary>
public sealed class SignInThrottle
{
    // ARGV: limit, window ms. Answers {1, ms to live} once reserved, {0, ms left in the window} when the failures
    // already reached the limit (then nothing is counted). The window starts at the first failure; a counter
    // that somehow lost its expiry gets one again.
    private const string ReserveScript = """
        local count = tonumber(redis.call('GET', KEYS[1]) or '0')
        if count >= tonumber(ARGV[1]) then return {0, redis.call('PTTL', KEYS[1])} end
        count = redis.call('INCR', KEYS[1])
        if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return {1, redis.call('PTTL', KEYS[1])}
        """;

    // ARGV: the counter's ms to live just after the reservation. Within that window the counter's time to live
    // only shrinks; a counter of a later window (the reserved one expired and a new failure started another)
    // lives longer, and its count holds none of this attempt, so it is left alone.
    private const string ReleaseScript = """
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl <= 0 or ttl > tonumber(ARGV[1]) then return 0 end
        if tonumber(redis.call('GET', KEYS[1]) or '0') <= 0 then return 0 end
        redis.call('DECR', KEYS[1])
        return 1
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisSessionOptions _options;
    private readonly SignInThrottleOptions _limits;

    internal SignInThrottle(IConnectionMultiplexer redis, IOptions<RedisSessionOptions> options, IOptions<SignInThrottleOptions> limits)
    {
        _redis = redis;
        _options = options.Value;
        _limits = limits.Value;
    }

    /// <summary>Counts this attempt as a failure of the name and the address unless either has had its failures.</summary>
    /// <exception cref="SignInThrottledException">The name or the address has had its failures for this window; nothing was counted.</exception>
    /// <exception cref="SessionStoreUnavailableException">Redis did not answer: the sign-in is refused (503), never let through uncounted.</exception>
    public async Task<SignInAttempt> ReserveAsync(string userName, IPAddress? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var limits = _limits;
        var window = (RedisValue)(long)limits.Window.TotalMilliseconds;
        var counters = Keys(userName, address).ToList();
        var replies = await RunAsync(
            counters.Select(counter => _redis.GetDatabase().ScriptEvaluateAsync(
                ReserveScript, [counter.Key], [counter.IsName ? limits.MaxFailures : limits.MaxFailuresPerAddress, window])),
            cancellationToken);
        var answers = replies.Select(reply => (RedisResult[])reply!).Select(reply => (Reserved: (long)reply[0] == 1, Ms: (long)reply[1])).ToList();
        var attempt = new SignInAttempt(counters.Zip(answers).Where(pair => pair.Second.Reserved).Select(pair => (pair.First.Key, pair.Second.Ms)).ToList());
        if (answers.All(answer => answer.Reserved))
        {
            return attempt;
        }

        // Refused by one counter: the other's reservation is no failure (no password was checked).
        await ReleaseAsync(attempt, cancellationToken);
        var wait = answers.Where(answer => !answer.Reserved).Max(answer => answer.Ms);
        throw new SignInThrottledException(TimeSpan.FromMilliseconds(Math.Max(wait, 1)));
    }

    /// <summary>The credentials were right: takes back this attempt's reservation, and nothing else. Idempotent.</summary>
    /// <exception cref="SessionStoreUnavailableException">Redis did not answer.</exception>
    public async Task ReleaseAsync(SignInAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.Released || attempt.Reserved.Count == 0)
        {
            return;
        }

        attempt.Released = true;
        await RunAsync(
            attempt.Reserved.Select(counter => _redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [counter.Key], [counter.TtlMs])),
            cancellationToken);
    }

    /// <summary>The counter keys of a name and an address (whether each is the name's): a hash of each, which is also the hash tag.</summary>
    internal IEnumerable<(RedisKey Key, bool IsName)> Keys(string userName, IPAddress? address)
    {
        yield return (Key("name", UserNames.ForThrottle(userName)), true);
        if (address is not null)
        {
            yield return (Key("address", ClientOf(address)), false);
        }
    }

    /// <summary>What one client is: an IPv4 address, or an IPv6 address's /64 (a subscriber takes any address in it).</summary>
    internal static string ClientOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private RedisKey Key(string kind, string value) =>
        $"{_options.KeyPrefix}throttle:{kind}:{{{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + value)))}}}";

    private async Task<RedisResult[]> RunAsync(IEnumerable<Task<RedisResult>> scripts, CancellationToken cancellationToken)
    {
        try
        {
            // The scripts all leave before any answer is awaited: one round trip.
            return await Task.WhenAll(scripts.ToList()).WaitAsync(_options.OperationBudget, cancellationToken);
        }
        catch (Exception exception) when (SessionResilience.IsOutage(exception) || exception is RedisException or TimeoutException)
        {
            throw new SessionStoreUnavailableException("Failed sign-ins could not be counted: the sessions Redis is unavailable.", exception);
        }
    }
}
