namespace SessionSample.Sessions.UnitTests.Lifecycle;

/// <summary>
/// Every state move of <see cref="SessionLifecycle"/> from every state: the legal ones (docs/session-lifecycle.md's
/// diagram) land where the diagram says, every other one throws and leaves the state as it was.
/// </summary>
public sealed class StateTransitionTests
{
    /// <summary>The diagram, written out: each move, the states it may start from, and where it lands.</summary>
    private static readonly Dictionary<string, (Action<SessionLifecycle> Move, SessionState[] From, SessionState To)> s_moves = new()
    {
        ["Resolved(hasId: true)"] = (l => l.Resolved(hasId: true), [SessionState.Unresolved], SessionState.Unloaded),
        ["Resolved(hasId: false)"] = (l => l.Resolved(hasId: false), [SessionState.Unresolved], SessionState.New),
        ["Loaded"] = (l => l.Loaded(), [SessionState.Unloaded], SessionState.Loaded),
        ["NotFound"] = (l => l.NotFound(), [SessionState.Unloaded, SessionState.Loaded], SessionState.New),
        ["FoundGone"] = (l => l.FoundGone(), [SessionState.Unloaded, SessionState.Loaded], SessionState.Gone),
        ["Created"] = (l => l.Created(), [SessionState.New], SessionState.Loaded),
        ["Ended"] = (l => l.Ended(), [SessionState.Unloaded, SessionState.Loaded, SessionState.New, SessionState.Gone], SessionState.New),
        ["Degrade"] = (l => l.Degrade(), [SessionState.Unresolved, SessionState.Unloaded], SessionState.Degraded),
    };

    public static TheoryData<string, string> EveryMoveFromEveryState()
    {
        var data = new TheoryData<string, string>();
        foreach (var move in s_moves.Keys)
        {
            foreach (var state in Enum.GetNames<SessionState>())
            {
                data.Add(move, state);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMoveFromEveryState))]
    public void A_move_lands_where_the_diagram_says_or_throws_and_changes_nothing(string move, string fromName)
    {
        var from = Enum.Parse<SessionState>(fromName);
        var (apply, legalFrom, to) = s_moves[move];
        var lifecycle = Lifecycles.In(from);

        if (legalFrom.Contains(from))
        {
            apply(lifecycle);
            Assert.Equal(to, lifecycle.State);
        }
        else
        {
            var refused = Assert.Throws<InvalidOperationException>(() => apply(lifecycle));
            Assert.Contains(from.ToString(), refused.Message, StringComparison.Ordinal);
            Assert.Equal(from, lifecycle.State);
        }

        Assert.Equal(SessionPhase.Open, lifecycle.Phase);
    }

    [Theory]
    [InlineData(nameof(SessionPhase.Started))]
    [InlineData(nameof(SessionPhase.Completed))]
    [InlineData(nameof(SessionPhase.Abandoned))]
    public void State_moves_do_not_depend_on_the_phase(string phaseName)
    {
        var phase = Enum.Parse<SessionPhase>(phaseName);
        // What Redis answers still has to be recorded after the response started (the end-of-request commit
        // may find the session expired); whether a change is allowed is CanChange's business.
        var lifecycle = Lifecycles.In(SessionState.Unloaded, phase);

        lifecycle.Loaded();
        lifecycle.NotFound();
        lifecycle.Created();

        Assert.Equal(SessionState.Loaded, lifecycle.State);
        Assert.Equal(phase, lifecycle.Phase);
        Assert.Throws<InvalidOperationException>(() => lifecycle.Resolved(hasId: true));
    }

    [Fact]
    public void Every_state_is_reachable_and_the_table_covers_every_state()
    {
        var reached = s_moves.Values.Select(move => move.To).Append(SessionState.Unresolved).ToHashSet();
        var left = s_moves.Values.SelectMany(move => move.From).ToHashSet();

        Assert.Equal(Enum.GetValues<SessionState>().ToHashSet(), reached);
        // Degraded is the only state no move leaves: fail-open lasts for the rest of the request.
        Assert.Equal(Enum.GetValues<SessionState>().Except([SessionState.Degraded]).ToHashSet(), left);
    }

    [Theory]
    [InlineData(nameof(SessionState.Unresolved), false, false, false)]
    [InlineData(nameof(SessionState.Unloaded), false, true, true)]
    [InlineData(nameof(SessionState.New), true, false, false)]
    [InlineData(nameof(SessionState.Loaded), false, false, true)]
    [InlineData(nameof(SessionState.Gone), false, false, false)]
    [InlineData(nameof(SessionState.Degraded), false, false, false)]
    public void What_a_state_implies_for_reads_and_writes(string stateName, bool mustCreate, bool needsLoad, bool isStored)
    {
        var state = Enum.Parse<SessionState>(stateName);
        var lifecycle = Lifecycles.In(state);

        Assert.Equal(mustCreate, lifecycle.MustCreate);
        Assert.Equal(needsLoad, lifecycle.NeedsLoad);
        Assert.Equal(isStored, lifecycle.IsStored);
    }

    [Fact]
    public void The_state_table_above_names_every_state()
    {
        var rows = typeof(StateTransitionTests).GetMethod(nameof(What_a_state_implies_for_reads_and_writes))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(row => Enum.Parse<SessionState>((string)row.GetData(null!).Single()[0]));

        Assert.Equal(Enum.GetValues<SessionState>().Order(), rows.Order());
    }
}
