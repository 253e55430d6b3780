namespace SessionSample.Sessions.UnitTests.Lifecycle;

/// <summary>The phases a request goes through, and what <see cref="SessionLifecycle.CanChange"/> allows in each (phase, state).</summary>
public sealed class PhaseAndPermissionTests
{
    [Theory]
    [InlineData(nameof(SessionPhase.Open), nameof(SessionPhase.Started))]
    [InlineData(nameof(SessionPhase.Started), nameof(SessionPhase.Started))]
    [InlineData(nameof(SessionPhase.Completed), nameof(SessionPhase.Completed))]
    [InlineData(nameof(SessionPhase.Abandoned), nameof(SessionPhase.Abandoned))]
    public void ResponseStarting_moves_only_an_open_request_on(string fromName, string expectedName)
    {
        var (from, expected) = (Enum.Parse<SessionPhase>(fromName), Enum.Parse<SessionPhase>(expectedName));
        var lifecycle = Lifecycles.In(SessionState.Loaded, from);

        lifecycle.ResponseStarting();

        Assert.Equal(expected, lifecycle.Phase);
    }

    [Theory]
    [InlineData(nameof(SessionPhase.Open), nameof(SessionPhase.Completed))]
    [InlineData(nameof(SessionPhase.Started), nameof(SessionPhase.Completed))]
    [InlineData(nameof(SessionPhase.Completed), nameof(SessionPhase.Completed))]
    [InlineData(nameof(SessionPhase.Abandoned), nameof(SessionPhase.Abandoned))]
    public void Complete_never_undoes_an_abandon(string fromName, string expectedName)
    {
        var (from, expected) = (Enum.Parse<SessionPhase>(fromName), Enum.Parse<SessionPhase>(expectedName));
        var lifecycle = Lifecycles.In(SessionState.Loaded, from);

        lifecycle.Complete();

        Assert.Equal(expected, lifecycle.Phase);
    }

    [Theory]
    [InlineData(nameof(SessionPhase.Open), nameof(SessionPhase.Abandoned))]
    [InlineData(nameof(SessionPhase.Started), nameof(SessionPhase.Abandoned))]
    [InlineData(nameof(SessionPhase.Completed), nameof(SessionPhase.Completed))]
    [InlineData(nameof(SessionPhase.Abandoned), nameof(SessionPhase.Abandoned))]
    public void Abandon_never_undoes_a_completion(string fromName, string expectedName)
    {
        var (from, expected) = (Enum.Parse<SessionPhase>(fromName), Enum.Parse<SessionPhase>(expectedName));
        var lifecycle = Lifecycles.In(SessionState.Loaded, from);

        lifecycle.Abandon();

        Assert.Equal(expected, lifecycle.Phase);
    }

    [Theory]
    [InlineData(nameof(SessionPhase.Open), nameof(SessionState.Unresolved), nameof(ChangePermission.Allowed))]
    [InlineData(nameof(SessionPhase.Open), nameof(SessionState.Unloaded), nameof(ChangePermission.Allowed))]
    [InlineData(nameof(SessionPhase.Open), nameof(SessionState.New), nameof(ChangePermission.Allowed))]
    [InlineData(nameof(SessionPhase.Open), nameof(SessionState.Loaded), nameof(ChangePermission.Allowed))]
    [InlineData(nameof(SessionPhase.Open), nameof(SessionState.Gone), nameof(ChangePermission.Gone))]
    [InlineData(nameof(SessionPhase.Open), nameof(SessionState.Degraded), nameof(ChangePermission.Unavailable))]
    [InlineData(nameof(SessionPhase.Started), nameof(SessionState.Unresolved), nameof(ChangePermission.Allowed))]
    [InlineData(nameof(SessionPhase.Started), nameof(SessionState.Unloaded), nameof(ChangePermission.Allowed))]
    [InlineData(nameof(SessionPhase.Started), nameof(SessionState.New), nameof(ChangePermission.TooLateForCookie))]
    [InlineData(nameof(SessionPhase.Started), nameof(SessionState.Loaded), nameof(ChangePermission.Allowed))]
    [InlineData(nameof(SessionPhase.Started), nameof(SessionState.Gone), nameof(ChangePermission.Gone))]
    [InlineData(nameof(SessionPhase.Started), nameof(SessionState.Degraded), nameof(ChangePermission.Unavailable))]
    [InlineData(nameof(SessionPhase.Completed), nameof(SessionState.Unresolved), nameof(ChangePermission.Completed))]
    [InlineData(nameof(SessionPhase.Completed), nameof(SessionState.Unloaded), nameof(ChangePermission.Completed))]
    [InlineData(nameof(SessionPhase.Completed), nameof(SessionState.New), nameof(ChangePermission.Completed))]
    [InlineData(nameof(SessionPhase.Completed), nameof(SessionState.Loaded), nameof(ChangePermission.Completed))]
    [InlineData(nameof(SessionPhase.Completed), nameof(SessionState.Gone), nameof(ChangePermission.Completed))]
    [InlineData(nameof(SessionPhase.Completed), nameof(SessionState.Degraded), nameof(ChangePermission.Completed))]
    [InlineData(nameof(SessionPhase.Abandoned), nameof(SessionState.Unresolved), nameof(ChangePermission.Discarded))]
    [InlineData(nameof(SessionPhase.Abandoned), nameof(SessionState.Unloaded), nameof(ChangePermission.Discarded))]
    [InlineData(nameof(SessionPhase.Abandoned), nameof(SessionState.New), nameof(ChangePermission.Discarded))]
    [InlineData(nameof(SessionPhase.Abandoned), nameof(SessionState.Loaded), nameof(ChangePermission.Discarded))]
    [InlineData(nameof(SessionPhase.Abandoned), nameof(SessionState.Gone), nameof(ChangePermission.Discarded))]
    [InlineData(nameof(SessionPhase.Abandoned), nameof(SessionState.Degraded), nameof(ChangePermission.Discarded))]
    public void CanChange_answers_by_phase_first_then_by_state(string phaseName, string stateName, string expectedName)
    {
        var (phase, state, expected) = (Enum.Parse<SessionPhase>(phaseName), Enum.Parse<SessionState>(stateName), Enum.Parse<ChangePermission>(expectedName));
        var lifecycle = Lifecycles.In(state, phase);

        Assert.Equal(expected, lifecycle.CanChange());
    }

    [Fact]
    public void The_permission_table_above_has_one_row_per_phase_and_state()
    {
        var rows = typeof(PhaseAndPermissionTests).GetMethod(nameof(CanChange_answers_by_phase_first_then_by_state))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(row => row.GetData(null!).Single())
            .Select(values => (Enum.Parse<SessionPhase>((string)values[0]), Enum.Parse<SessionState>((string)values[1])))
            .ToList();
        var every = Enum.GetValues<SessionPhase>().SelectMany(phase => Enum.GetValues<SessionState>().Select(state => (phase, state))).ToList();

        Assert.Equal(every.Count, rows.Count);
        Assert.Equal(every.ToHashSet(), rows.ToHashSet());
    }

    [Fact]
    public void A_session_created_before_the_response_started_may_still_change_after_it()
    {
        // The cookie went out with the commit at response start; a later change needs no new cookie.
        var lifecycle = Lifecycles.In(SessionState.New);
        lifecycle.Created();

        lifecycle.ResponseStarting();

        Assert.Equal(ChangePermission.Allowed, lifecycle.CanChange());
    }
}
