using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
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
/// is one script per counter (throttle.lua), sent together: one round trip. The address is the connection's
/// (<c>HttpContext.Connection.RemoteIpAddress</c>): behind a proxy configure ForwardedHeaders, or every client
/// counts as the proxy.
/// </para>
/// </summary>
public sealed class SignInThrottle
{
    /// <summary>A failed-sign-in counter: 'reserve', 'release'.</summary>
    internal static readonly StoreScript Script = StoreScript.Embedded("throttle");

    private readonly string _keyPrefix;
    private readonly SignInThrottleOptions _limits;

    // The store's path to Redis (budget, retries of unsent calls, breaker, outage as 503), with a breaker of its own.
    private readonly ResilientRedis _calls;

    internal SignInThrottle(IConnectionMultiplexer redis, IOptions<RedisSessionOptions> options, IOptions<SignInThrottleOptions> limits)
    {
        _keyPrefix = options.Value.KeyPrefix;
        _limits = limits.Value;
        _calls = new("session store", redis, options.Value, TimeProvider.System, NullLogger.Instance);
    }

    /// <summary>Counts this attempt as a failure of the name and the address unless either has had its failures.</summary>
    /// <exception cref="SignInThrottledException">The name or the address has had its failures for this window; nothing was counted.</exception>
    /// <exception cref="SessionStoreUnavailableException">Redis did not answer: the sign-in is refused (503), never let through uncounted.</exception>
    public async Task<SignInAttempt> ReserveAsync(string userName, IPAddress? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var window = (long)_limits.Window.TotalMilliseconds;
        var counters = Keys(userName, address).ToList();
        var replies = await RunAsync(
            counters.Select(counter => (counter.Key, (RedisValue[])["reserve", counter.IsName ? _limits.MaxFailures : _limits.MaxFailuresPerAddress, window])),
            cancellationToken);
        var answers = replies.Select(reply => (Reserved: reply.Result == ScriptResult.Ok, Ms: reply.Long(0))).ToList();
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
        await RunAsync(attempt.Reserved.Select(counter => (counter.Key, (RedisValue[])["release", counter.TtlMs])), cancellationToken);
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
        $"{_keyPrefix}throttle:{kind}:{{{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + value)))}}}";

    // The scripts all leave before any answer is awaited: one round trip.
    private Task<StoreReply[]> RunAsync(IEnumerable<(RedisKey Key, RedisValue[] Args)> calls, CancellationToken cancellationToken) =>
        Task.WhenAll(calls.Select(call => _calls.RunAsync(SessionOperation.Throttle, null, Script, [call.Key], call.Args, cancellationToken)).ToList());
}

/// <summary>
/// A sign-in attempt that <see cref="SignInThrottle.ReserveAsync"/> counted in advance: one failure reserved on
/// each counter before the password is checked. If the password is wrong the reservation simply stands as the
/// failure; if it is right, <see cref="SignInThrottle.ReleaseAsync"/> takes back exactly this attempt's one.
/// </summary>
public sealed class SignInAttempt
{
    internal SignInAttempt(IReadOnlyList<(RedisKey Key, long TtlMs)> reserved) => Reserved = reserved;

    /// <summary>Each counter this attempt incremented, with its time to live just after: a later window has a longer one.</summary>
    internal IReadOnlyList<(RedisKey Key, long TtlMs)> Reserved { get; }

    internal bool Released { get; set; }
}

/// <summary>How many failed sign-ins a user name, and a client address, may have in a window (<c>Sessions:SignInThrottle</c>).</summary>
public sealed class SignInThrottleOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sessions:SignInThrottle";

    /// <summary>Failures allowed per user name per window; the next attempt is refused (429) until the window passes.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>
    /// Failures allowed per client address per window. Higher than per name: many people share an address
    /// (an office, a mobile carrier's NAT), and one guesser trying many names is what this catches.
    /// </summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>The window, counted from the first failure in it.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
