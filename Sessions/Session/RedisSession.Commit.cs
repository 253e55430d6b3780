namespace SessionSample.Sessions;

/// <summary>The one commit: when it runs (response start, end of request, explicit), the one create/new-id loop every write runs through, and what each answer means.</summary>
internal sealed partial class RedisSession
{
    /// <summary>The gate's start: the changes so far are written before the first byte leaves.</summary>
    internal async Task CommitAtResponseStartAsync()
    {
        await CommitCoreAsync(SessionOperation.Commit, implicitCommit: true);
        Lifecycle.ResponseStarting();
    }

    /// <summary>The start without a commit, when there is nothing to commit (no round trip, no wait).</summary>
    internal bool TryMarkResponseStartedWithoutCommit()
    {
        if (_changes is { IsEmpty: false })
        {
            return false;
        }

        Lifecycle.ResponseStarting();
        return true;
    }

    /// <summary>
    /// The end of a request that did not fail: changes made after the response started are written now (they needed no
    /// new cookie, or they were refused at the call). The response is on its way: a failure is only logged and counted.
    /// </summary>
    internal async Task CompleteAsync()
    {
        try
        {
            await CommitCoreAsync(SessionOperation.LateCommit, implicitCommit: true);
        }
        catch (Exception exception) when (exception is SessionStoreUnavailableException or SessionEndedException or SessionSizeLimitExceededException or InvalidOperationException)
        {
            SessionTelemetry.ChangesLost.Add(1, new KeyValuePair<string, object?>("reason", "after_response_started"));
            SessionLog.LateChangesLost(Store.Logger, Handle.LogHash, exception.Message, exception);
        }
        finally
        {
            Lifecycle.Complete();
            SlideIfUntouched();
        }
    }

    /// <summary>A request that carried the cookie but never read the session is activity too: slide its expiry (throttled, off the request path).</summary>
    private void SlideIfUntouched()
    {
        if (!Cookie.CameWithCookie || Lifecycle.State is not (SessionState.Unresolved or SessionState.Unloaded))
        {
            return;
        }

        string? id;
        try
        {
            id = Lifecycle.State == SessionState.Unloaded ? _id : Cookie.CurrentId();
        }
        catch (SessionStoreUnavailableException)
        {
            // The key ring is unavailable; this request never needed it, and a slide is not worth an error.
            return;
        }

        if (id is not null)
        {
            Activity.Untouched(Store, SessionIds.HandleOf(id));
        }
    }

    /// <param name="implicitCommit">
    /// The middleware's own commit (at response start, at the end), which follows the outage policy: under FailOpen a
    /// failure loses the changes (logged and counted) and the request goes on. An explicit <c>CommitAsync</c> fails closed.
    /// </param>
    private async Task CommitCoreAsync(SessionOperation operation, bool implicitCommit = false)
    {
        await Writing.WaitAsync();
        try
        {
            if (_changes is null || _changes.IsEmpty)
            {
                return;
            }

            switch (Lifecycle.State)
            {
                case SessionState.Degraded when implicitCommit:
                    Failures.LoseChanges(_changes, "fail_open");
                    return;
                case SessionState.Degraded:
                    _changes.Reset();
                    throw new SessionStoreUnavailableException("The session store was unavailable earlier in this request (fail-open); nothing was written.");
                case SessionState.Gone:
                    _changes.Reset();
                    throw Failures.Refused(operation);
                case SessionState.New when !_changes.HasSets:
                    // Never store an empty session: it would cost Redis memory and a cookie for nothing.
                    _changes.Reset();
                    return;
            }

            var changes = _changes;
            var failOpen = implicitCommit && Store.Options.OutagePolicy == SessionOutagePolicy.FailOpen;
            WriteResult result;
            try
            {
                result = await WriteAsync(operation, create => Store.CommitAsync(operation, Handle, create, changes), changes.HasSets, failOpen);
            }
            catch (SessionStoreUnavailableException) when (failOpen)
            {
                Failures.LoseChanges(changes, "fail_open");
                return;
            }

            if (result.Result == ScriptResult.Ok)
            {
                Snapshot?.Apply(changes, result.Bytes);
            }

            changes.Reset();
            Failures.ThrowIfRefused(result.Result, operation, result.Bytes);
        }
        finally
        {
            Writing.Release();
        }
    }

    /// <summary>
    /// The one create/new-id loop: runs one write, creating the session when none is stored, and follows what Redis answers:
    /// an expired session makes the write create a new one (new id, new cookie), a taken id is replaced. Refusals come back.
    /// </summary>
    internal Task<WriteResult> WriteAsync(SessionOperation operation, Func<bool, Task<WriteResult>> write, bool createsWhenMissing, bool failOpen = false) =>
        NewIdRetry.RunAsync<WriteResult>(async () =>
        {
            var create = Lifecycle.MustCreate;
            WriteResult result;
            try
            {
                result = await write(create);
            }
            catch (SessionStoreUnavailableException exception)
            {
                Failures.CountOutage(operation, exception, failOpen ? SessionOutagePolicy.FailOpen : SessionOutagePolicy.FailClosed);
                throw;
            }

            switch (result.Result)
            {
                case ScriptResult.Ok:
                    Written(result, create);
                    return (true, result);
                case ScriptResult.Missing when !create && createsWhenMissing && Lifecycle.Phase == SessionPhase.Open:
                    var expired = Handle.LogHash;
                    StartNew();
                    SessionLog.ExpiredRecreated(Store.Logger, expired, operation.Tag(), Handle.LogHash);
                    return (false, result);
                case ScriptResult.Missing when !create:
                    // Nothing to create (a removal), or too late to send the new session's cookie.
                    StartNew();
                    return (true, result);
                case ScriptResult.IdTaken:
                    UseId(SessionIds.NewId());
                    return (false, result);
                case ScriptResult.Gone or ScriptResult.Moved:
                    Found(result.Result);
                    return (true, result);
                default:
                    return (true, result);
            }
        });

    internal void Written(WriteResult result, bool created)
    {
        if (created)
        {
            Lifecycle.Created();
            CreatedAt = Store.Time.GetUtcNow();
            Cookie.Issue(_id);
            Store.Events.Created(Handle);
        }

        ExpiresAt = result.ExpiresAt;
        Activity.Touched(Handle);
        if (result.Bytes > Store.Options.SoftSessionBytes)
        {
            Guard.SoftLimit("session", result.Bytes, Store.Options.SoftSessionBytes);
        }
    }
}
