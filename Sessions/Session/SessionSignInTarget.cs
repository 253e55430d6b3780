using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// The session as the sign-in binding module drives it (<see cref="ISignInTarget"/>): the module owns the sign-in,
/// the binding's fields and the user's index; the core owns the regeneration that writes the binding.
/// </summary>
internal sealed class SessionSignInTarget(RedisSession session, SessionIdentity identity) : ISignInTarget
{
    public SessionHandle Handle => session.Handle;

    public void EnsureCanSignIn() => session.Guard.EnsureCanChangeId(SessionOperation.SignIn);

    public SessionStoreUnavailableException FailClosed(SessionStoreUnavailableException exception) =>
        session.Failures.FailClosed(SessionOperation.SignIn, exception);

    public void Bound(ISessionOwner owner) => session.Binding = owner;

    public async Task<ISessionOwner?> RegenerateBoundAsync(ISessionOwner owner, IReadOnlyList<RedisValue> fields, Func<SessionHandle, Task<WriteResult>> create)
    {
        await session.Writing.WaitAsync();
        try
        {
            return await NewIdRetry.RunAsync<ISessionOwner?>(async () =>
            {
                if (session.Lifecycle.IsStored)
                {
                    // Expired before this request moved it: the next attempt creates a new session.
                    var (result, _, previous) = await identity.TryMoveAsync(SessionOperation.SignIn, fields, owner);
                    return (result == ScriptResult.Ok, previous);
                }

                var newId = SessionIds.NewId();
                WriteResult created;
                try
                {
                    created = await create(SessionIds.HandleOf(newId));
                }
                catch (SessionStoreUnavailableException exception)
                {
                    // Nothing was bound: the old session is as it was.
                    throw FailClosed(exception);
                }

                if (created.Result != ScriptResult.Ok)
                {
                    return (false, null);
                }

                session.UseId(newId);
                session.Written(created, created: true);
                return (true, null);
            });
        }
        finally
        {
            session.Writing.Release();
        }
    }
}
