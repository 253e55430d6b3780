namespace SessionSample.Sessions;

/// <summary>The one commit: when it runs (response start, end of request, explicit) and what each answer means.</summary>
internal sealed partial class RedisSession
{
    /// <summary>The gate's start: the changes so far are written before the first byte leaves.</summary>
    internal async Task CommitAtResponseStartAsync()
    {
        await CommitCoreAsync(SessionOperation.Commit, implicitCommit: true);
        _lifecycle.ResponseStarting();
    }

    /// <summary>The start without a commit, when there is nothing to commit (no round trip, no wait).</summary>
    internal bool TryMarkResponseStartedWithoutCommit()
    {
        if (_changes is { IsEmpty: false })
        {
            return false;
        }

        _lifecycle.ResponseStarting();
        return true;
    }

    /// <summary>
    /// The end of a request that did not fail: changes made after the response started are written now
    /// (they needed no new cookie, or they were refused at the call). The response is already on its way,
    /// so a failure here can only be logged and counted.
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
            SessionLog.LateChangesLost(_store.Logger, _handle.LogHash, exception.Message, exception);
        }
        finally
        {
            _lifecycle.Complete();
            SlideIfUntouched();
        }
    }

    /// <summary>A request that carried the cookie but never read the session is activity too: slide its expiry (throttled, off the request path).</summary>
    private void SlideIfUntouched()
    {
        if (!_cookie.CameWithCookie || _lifecycle.State is not (SessionState.Unresolved or SessionState.Unloaded))
        {
            return;
        }

        string? id;
        try
        {
            id = _lifecycle.State == SessionState.Unloaded ? _id : _cookie.CurrentId();
        }
        catch (SessionStoreUnavailableException)
        {
            // The key ring is unavailable; this request never needed it, and a slide is not worth an error.
            return;
        }

        if (id is not null)
        {
            _activity.Untouched(_store, SessionIds.HandleOf(id));
        }
    }

    /// <param name="implicitCommit">
    /// The middleware's own commit (at response start, at the end), which follows the outage policy: under
    /// FailOpen a failure loses the changes (logged and counted) and the request goes on. An explicit
    /// <c>CommitAsync</c> fails closed.
    /// </param>
    private async Task CommitCoreAsync(SessionOperation operation, bool implicitCommit = false)
    {
        await _writing.WaitAsync();
        try
        {
            if (_changes is null || _changes.IsEmpty)
            {
                return;
            }

            switch (_lifecycle.State)
            {
                case SessionState.Degraded when implicitCommit:
                    LoseChanges(_changes, "fail_open");
                    return;
                case SessionState.Degraded:
                    _changes.Reset();
                    throw new SessionStoreUnavailableException("The session store was unavailable earlier in this request (fail-open); nothing was written.");
                case SessionState.Gone:
                    _changes.Reset();
                    throw Refused(operation);
                case SessionState.New when !_changes.HasSets:
                    // Never store an empty session: it would cost Redis memory and a cookie for nothing.
                    _changes.Reset();
                    return;
            }

            var changes = _changes;
            var failOpen = implicitCommit && Options.OutagePolicy == SessionOutagePolicy.FailOpen;
            WriteResult result;
            try
            {
                result = await WriteAsync(operation, create => _store.CommitAsync(operation, _handle, create, changes), changes.HasSets, failOpen);
            }
            catch (SessionStoreUnavailableException) when (failOpen)
            {
                LoseChanges(changes, "fail_open");
                return;
            }

            if (result.Result == ScriptResult.Ok)
            {
                _snapshot?.Apply(changes, result.Bytes);
            }

            changes.Reset();
            ThrowIfRefused(result.Result, operation, result.Bytes);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// Runs one write, creating the session when none is stored, and follows what Redis answers: an expired
    /// session makes the write create a new one (new id, new cookie), a taken id is replaced. Refusals come
    /// back in the result for the caller to turn into its exception.
    /// </summary>
    private Task<WriteResult> WriteAsync(SessionOperation operation, Func<bool, Task<WriteResult>> write, bool createsWhenMissing, bool failOpen = false) =>
        NewIdRetry.RunAsync<WriteResult>(async () =>
        {
            var create = _lifecycle.MustCreate;
            WriteResult result;
            try
            {
                result = await write(create);
            }
            catch (SessionStoreUnavailableException exception)
            {
                CountOutage(operation, exception, failOpen ? SessionOutagePolicy.FailOpen : SessionOutagePolicy.FailClosed);
                throw;
            }

            switch (result.Result)
            {
                case ScriptResult.Ok:
                    Written(result, create);
                    return (true, result);
                case ScriptResult.Missing when !create:
                    if (!createsWhenMissing || _lifecycle.Phase != SessionPhase.Open)
                    {
                        // Nothing to create (a removal), or too late to send the new session's cookie.
                        StartNew();
                        return (true, result);
                    }

                    var expired = _handle.LogHash;
                    StartNew();
                    SessionLog.ExpiredRecreated(_store.Logger, expired, operation.Tag(), _handle.LogHash);
                    return (false, result);
                case ScriptResult.IdTaken:
                    UseId(SessionIds.NewId());
                    return (false, result);
                case ScriptResult.Gone or ScriptResult.Moved:
                    _lifecycle.FoundGone();
                    _snapshot = SessionSnapshot.Empty();
                    return (true, result);
                default:
                    return (true, result);
            }
        });

    private void Written(WriteResult result, bool created)
    {
        if (created)
        {
            _lifecycle.Created();
            CreatedAt = _store.Time.GetUtcNow();
            _cookie.Issue(_id);
            _store.Events.Created(_handle);
        }

        ExpiresAt = result.ExpiresAt;
        _activity.Touched(_handle);
        if (result.Bytes > Options.SoftSessionBytes)
        {
            SoftLimit("session", result.Bytes, Options.SoftSessionBytes);
        }
    }
}
