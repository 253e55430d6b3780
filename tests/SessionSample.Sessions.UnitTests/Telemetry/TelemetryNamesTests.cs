using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions.UnitTests.Telemetry;

/// <summary>
/// Dashboards, alerts and log queries key on these names and ids: each must have one spelling, one meaning,
/// and the snake_case form OpenTelemetry's semantic conventions use for tag values.
/// </summary>
public sealed partial class TelemetryNamesTests
{
    private static readonly Assembly Store = typeof(RedisSessionOptions).Assembly;

    [Fact]
    public void Every_logger_message_of_the_store_has_its_own_event_id()
    {
        var ids = Store.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: $"{method.DeclaringType!.Name}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(message => message.Attribute is not null)
            .ToList();

        Assert.NotEmpty(ids);
        var shared = ids.GroupBy(message => message.Attribute!.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(message => message.Method))}")
            .ToList();
        Assert.True(shared.Count == 0, "EventIds used by more than one message: " + string.Join("; ", shared));
    }

    [Fact]
    public void Every_operation_has_one_snake_case_tag_spelled_after_its_name()
    {
        var tags = Enum.GetValues<SessionOperation>().ToDictionary(operation => operation, operation => operation.Tag());

        Assert.All(tags.Values, tag => Assert.Matches(SnakeCase(), tag));
        Assert.Equal(tags.Count, tags.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tags, pair => Assert.Equal(WordBoundary().Replace(pair.Key.ToString(), "_$1").ToLowerInvariant(), pair.Value));
        Assert.Equal("sign_in", SessionOperation.SignIn.Tag());
    }

    [Fact]
    public void Every_script_result_is_its_own_snake_case_outcome()
    {
        var outcomes = Enum.GetValues<ScriptResult>().ToDictionary(result => result, SessionTelemetry.OutcomeOf);

        Assert.All(outcomes.Values, outcome => Assert.Matches(SnakeCase(), outcome));
        Assert.Equal(outcomes.Count, outcomes.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("conflict", outcomes[ScriptResult.Conflict]);
        Assert.Equal("held", outcomes[ScriptResult.Locked]);
    }

    [Fact]
    public void Every_event_and_end_reason_is_its_own_snake_case_name()
    {
        var events = Enum.GetValues<SessionEventKind>().Select(SessionEventSink.NameOf).ToList();
        var reasons = Enum.GetValues<SessionEndReason>().Select(SessionEventSink.NameOf).ToList();

        Assert.All(events.Concat(reasons), name => Assert.Matches(SnakeCase(), name));
        Assert.Equal(events.Count, events.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(reasons.Count, reasons.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_name_is_the_one_dashboards_already_count_by()
    {
        // The values the hand-written tables answered before the names were derived from the members: a member
        // renamed, or a derived spelling that differs, shows here instead of as a series that stops on a dashboard.
        Assert.Equal(
            "load commit late_commit set remove clear set_now remove_now increment flash encrypt cookie touch regenerate sign_in invalidate lock unlock peek index index_touch park fetch throttle",
            string.Join(' ', Enum.GetValues<SessionOperation>().Select(operation => operation.Tag())));
        Assert.Equal(
            "ok missing gone id_taken too_large not_integer overflow held full conflict sealed moved",
            string.Join(' ', new[] { ScriptResult.Ok, ScriptResult.Missing, ScriptResult.Gone, ScriptResult.IdTaken, ScriptResult.TooLarge, ScriptResult.NotInteger, ScriptResult.Overflow, ScriptResult.Locked, ScriptResult.Full, ScriptResult.Conflict, ScriptResult.Sealed, ScriptResult.Moved }.Select(SessionTelemetry.OutcomeOf)));
        Assert.Equal(12, Enum.GetValues<ScriptResult>().Length);
        Assert.Equal("unknown", SessionTelemetry.OutcomeOf((ScriptResult)(-99)));
        Assert.Equal("created signed_in regenerated ended", string.Join(' ', Enum.GetValues<SessionEventKind>().Select(SessionEventSink.NameOf)));
        Assert.Equal("signed_out revoked signed_out_everywhere cap expired", string.Join(' ', Enum.GetValues<SessionEndReason>().Select(SessionEventSink.NameOf)));
        Assert.Equal("ID_TAKEN", StoreScript.LuaName(ScriptResult.IdTaken));
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordBoundary();

    [GeneratedRegex("^[a-z]+(_[a-z]+)*$")]
    private static partial Regex SnakeCase();
}
