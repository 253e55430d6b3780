using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// The core's side of sign-in binding: who the session is bound to (<see cref="ISessionOwner"/>, read by the module
/// from the loaded fields), the regeneration that writes a binding (<see cref="ISignInTarget"/>), and the index entry
/// following a move or an end. The sign-in itself, the binding's fields and the user's index are the module's
/// (<see cref="ISessionBinder"/>, registered by <c>AddSignInBinding()</c>). With the module, the middleware also sets
/// the session as the request's <see cref="ISessionSignInFeature"/>.
/// </summary>
internal sealed partial class RedisSession : ISignInTarget, ISessionSignInFeature
{
    private ISessionOwner? _binding;

    public string? UserName
    {
        get
        {
            LoadSynchronously();
            return _binding?.UserName;
        }
    }

    /// <summary>The sign-in's random id, which the sign-in cookie carries as a claim; null while anonymous.</summary>
    internal string? SignInId => _binding?.SignInId;

    string? ISessionSignInFeature.SignInId => SignInId;

    bool ISessionSignInFeature.FoundMoved => FoundMoved;

    SessionHandle ISignInTarget.Handle => _handle;

    public Task SignInAsync(string userName, string? userAgent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        cancellationToken.ThrowIfCancellationRequested();
        var binder = _binder ?? throw SessionModules.NotAdded(SessionModule.SignInBinding);
        return binder.SignInAsync(this, userName, userAgent);
    }

    void ISignInTarget.EnsureCanSignIn() => EnsureCanChangeId(SessionOperation.SignIn);

    SessionStoreUnavailableException ISignInTarget.FailClosed(SessionStoreUnavailableException exception) =>
        FailClosed(SessionOperation.SignIn, exception);

    void ISignInTarget.Bound(ISessionOwner owner) => _binding = owner;

    async Task<ISessionOwner?> ISignInTarget.RegenerateBoundAsync(ISessionOwner owner, IReadOnlyList<RedisValue> fields, Func<SessionHandle, Task<WriteResult>> create)
    {
        await _writing.WaitAsync();
        try
        {
            return await NewIdRetry.RunAsync<ISessionOwner?>(async () =>
            {
                var newId = SessionIds.NewId();
                var newHandle = SessionIds.HandleOf(newId);
                try
                {
                    if (_lifecycle.IsStored)
                    {
                        var move = await _store.Move.RegenerateAsync(_handle, newHandle, Hold?.Token, fields);
                        switch (move.Write.Result)
                        {
                            case ScriptResult.Ok:
                                var from = _handle;
                                Moved(newId, move.Write);
                                _store.Events.Regenerated(from, newHandle, owner.UserName);
                                return (true, OwnerOf(move.Previous));
                            case ScriptResult.Missing:
                                // Expired before this request moved it: the sign-in creates a new session.
                                StartNew();
                                return (false, null);
                            case ScriptResult.Gone or ScriptResult.Moved:
                                _lifecycle.FoundGone();
                                throw Refused(SessionOperation.SignIn);
                        }
                    }
                    else
                    {
                        var created = await create(newHandle);
                        if (created.Result == ScriptResult.Ok)
                        {
                            UseId(newId);
                            Written(created, created: true);
                            return (true, null);
                        }
                    }
                }
                catch (SessionStoreUnavailableException exception)
                {
                    // Nothing was bound (a move is all or nothing): the old session is as it was.
                    throw FailClosed(SessionOperation.SignIn, exception);
                }

                return (false, null);
            });
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>The owner among a session's stored fields; always null without the module (nobody can be bound).</summary>
    private ISessionOwner? OwnerOf(RedisResult[]? fields) => fields is null ? null : _binder?.Read(fields);

    /// <summary>The session now lives under <paramref name="newId"/>; the response carries its cookie.</summary>
    private void Moved(string newId, WriteResult write)
    {
        var newHandle = SessionIds.HandleOf(newId);
        Hold?.MovedTo(newHandle);
        UseId(newId);
        ExpiresAt = write.ExpiresAt;
        _cookie.Issue(newId);
        _activity.Touched(newHandle);
    }

    /// <summary>
    /// A bound session moved (<see cref="RegenerateIdAsync"/>): its entry moves too. An entry already gone means the
    /// session was ended from elsewhere while it moved: the store ends the new id too, so no sign-in escapes that way.
    /// </summary>
    private async Task MoveIndexEntryAsync(SessionHandle from)
    {
        if (_binding is not { } binding || _binder is not { } binder)
        {
            return;
        }

        try
        {
            if (await binder.FollowMoveAsync(binding, from, _handle))
            {
                return;
            }
        }
        catch (SessionStoreUnavailableException exception)
        {
            throw FailClosed(SessionOperation.Regenerate, exception);
        }

        _binding = null;
        _lifecycle.FoundGone();
        throw Refused(SessionOperation.Regenerate);
    }

    /// <summary>An ended session leaves its user's index; best effort (<see cref="ISessionBinder.LeaveAsync"/>).</summary>
    private async Task LeaveIndexAsync(string? userName)
    {
        if (userName is not null && _binder is { } binder)
        {
            await binder.LeaveAsync(userName, _handle);
        }
    }
}
