using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace SessionSample.Sessions.UnitTests.Resilience;

/// <summary>
/// Which failures are an outage (503, counted by the circuit breaker) and which attempts may be sent again: only
/// those Redis provably never received, since a retried write that did run would apply twice.
/// </summary>
public sealed class SessionResilienceTests
{
    public static TheoryData<CommandStatus> Statuses() => [.. Enum.GetValues<CommandStatus>()];

    public static TheoryData<string> Refusals() => ["LOADING Redis is loading the dataset in memory", "READONLY You can't write against a read only replica.", "MASTERDOWN Link with MASTER is down", "BUSY Redis is busy running a script.", "OOM command not allowed when used memory > 'maxmemory'.", "CLUSTERDOWN The cluster is down", "TRYAGAIN Multiple keys request during rehashing of slot"];

    public static TheoryData<string> Errors() => ["ERR unknown command 'EVALSHA'", "NOSCRIPT No matching script.", "WRONGTYPE Operation against a key holding the wrong kind of value", "loading (lower case is not Redis speaking)", "MOVED 3999 127.0.0.1:6381"];

    [Theory]
    [MemberData(nameof(Statuses))]
    public void A_connection_failure_is_retried_only_when_the_command_was_never_sent(CommandStatus status)
    {
        var exception = new RedisConnectionException(ConnectionFailureType.SocketFailure, "socket closed", null, status);

        Assert.Equal(status is CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog, SessionResilience.NeverReachedRedis(exception));
        Assert.True(SessionResilience.IsOutage(exception));
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void A_timeout_is_retried_only_when_the_command_was_never_sent(CommandStatus status)
    {
        var exception = new RedisTimeoutException("Timeout performing EVALSHA", status);

        Assert.Equal(status is CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog, SessionResilience.NeverReachedRedis(exception));
        Assert.True(SessionResilience.IsOutage(exception));
    }

    [Fact]
    public void The_statuses_that_mean_never_sent_exist_and_Sent_does_not_count()
    {
        Assert.Contains(CommandStatus.Sent, Enum.GetValues<CommandStatus>());
        Assert.False(SessionResilience.NeverReachedRedis(new RedisTimeoutException("t", CommandStatus.Sent)));
        Assert.True(SessionResilience.NeverReachedRedis(new RedisTimeoutException("t", CommandStatus.WaitingInBacklog)));
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_server_that_refused_to_run_the_command_is_an_outage_and_may_be_retried(string message)
    {
        var exception = new RedisServerException(message);

        Assert.True(SessionResilience.NeverReachedRedis(exception));
        Assert.True(SessionResilience.IsOutage(exception));
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Any_other_server_error_is_a_bug_neither_retried_nor_an_outage(string message)
    {
        var exception = new RedisServerException(message);

        Assert.False(SessionResilience.NeverReachedRedis(exception));
        Assert.False(SessionResilience.IsOutage(exception));
    }

    [Fact]
    public void The_budget_running_out_and_an_open_circuit_are_outages_never_retried()
    {
        // A timed-out attempt may still run in Redis; an open circuit has to wait its break out.
        foreach (var exception in new Exception[] { new TimeoutRejectedException(), new BrokenCircuitException(), new IsolatedCircuitException() })
        {
            Assert.True(SessionResilience.IsOutage(exception), exception.GetType().Name);
            Assert.False(SessionResilience.NeverReachedRedis(exception), exception.GetType().Name);
        }
    }

    [Fact]
    public void Other_exceptions_are_neither_outages_nor_retried()
    {
        foreach (var exception in new Exception[] { new InvalidOperationException(), new TimeoutException(), new OperationCanceledException(), new RedisException("generic") })
        {
            Assert.False(SessionResilience.IsOutage(exception), exception.GetType().Name);
            Assert.False(SessionResilience.NeverReachedRedis(exception), exception.GetType().Name);
        }
    }
}
