namespace SessionSample.Sessions.UnitTests.Lifecycle;

/// <summary>Brings a fresh lifecycle to a state or phase through legal moves only, as a request would.</summary>
internal static class Lifecycles
{
    public static SessionLifecycle In(SessionState state, SessionPhase phase = SessionPhase.Open)
    {
        var lifecycle = new SessionLifecycle();
        switch (state)
        {
            case SessionState.Unresolved:
                break;
            case SessionState.Unloaded:
                lifecycle.Resolved(hasId: true);
                break;
            case SessionState.New:
                lifecycle.Resolved(hasId: false);
                break;
            case SessionState.Loaded:
                lifecycle.Resolved(hasId: true);
                lifecycle.Loaded();
                break;
            case SessionState.Gone:
                lifecycle.Resolved(hasId: true);
                lifecycle.FoundGone();
                break;
            case SessionState.Degraded:
                lifecycle.Degrade();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }

        switch (phase)
        {
            case SessionPhase.Open:
                break;
            case SessionPhase.Started:
                lifecycle.ResponseStarting();
                break;
            case SessionPhase.Completed:
                lifecycle.Complete();
                break;
            case SessionPhase.Abandoned:
                lifecycle.Abandon();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(phase), phase, null);
        }

        Assert.Equal(state, lifecycle.State);
        Assert.Equal(phase, lifecycle.Phase);
        return lifecycle;
    }
}
