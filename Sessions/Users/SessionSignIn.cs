using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using StackExchange.Redis;

namespace SessionSample.Sessions.Users;

/// <summary>
/// The sign-in binding module (<see cref="ISessionBinder"/>): a sign-in moves the session to a new id carrying the
/// binding (<see cref="SessionBinding"/>), then enters it in the user's index within the cap. The binding is written
/// before the entry, so a bound session is always listed or taken back: "sign out everywhere" can never miss a
/// sign-in that a cookie was issued for. It owns the user's index (<see cref="Index"/>, and <see cref="ISessionUsers"/> over it).
/// </summary>
internal sealed partial class SessionSignIn(SessionStore store) : ISessionBinder, ISessionUsers
{
    public UserIndexStore Index { get; } = new(store);

    public ISessionOwner? Read(RedisResult[] fields) => SessionBinding.From(fields, store.Values);

    public string? UserNameOf(RedisValue stored) => SessionBinding.ReadUser(store.Values, stored)?.Name;

    public Task<bool> FollowMoveAsync(ISessionOwner owner, SessionHandle from, SessionHandle to) => Index.MoveAsync(owner.UserHandle, from, to);

    public async Task<bool> RemoveAsync(string userName, SessionHandle session) =>
        (await Index.RemoveAsync(SessionSchema.UserHandleOf(userName), [session.Id])).Count == 1;

    public Task TouchAsync(string userHandle) => Index.TouchAsync(userHandle);

    public async Task SignInAsync(ISignInTarget session, string userName, string? userAgent)
    {
        session.EnsureCanSignIn();
        var userHandle = SessionSchema.UserHandleOf(userName);
        IndexScan scan;
        try
        {
            scan = await ScanAsync(userHandle, userName);
        }
        catch (SessionStoreUnavailableException exception)
        {
            throw session.FailClosed(exception);
        }

        var options = store.Options;
        var cap = options.MaxSessionsPerUser;
        var here = session.Handle.Id;
        var others = scan.Live.Where(peek => peek.Session.Id != here).ToList();
        if (cap > 0 && options.OnMaxSessions == MaxSessionsPolicy.RefuseNew && others.Count >= cap)
        {
            // Checked before anything changes; index_add checks again, atomically, against concurrent sign-ins.
            throw new TooManySessionsException(cap);
        }

        var binding = new SessionBinding(userName, DeviceSummary.Of(userAgent), store.Time.GetUtcNow(), NewSignInId());
        var from = session.Handle;
        var previous = await session.RegenerateBoundAsync(binding, [.. binding.ToFieldPairs(store.Values)], handle => Index.BindNewAsync(handle, binding));
        var replaces = previous is not null && previous.UserHandle == binding.UserHandle ? from : (SessionHandle?)null;

        IndexAddResult added;
        try
        {
            added = await Index.AddAsync(
                userHandle, session.Handle, binding.SignedInAt, replaces, [.. scan.Dead, .. scan.Expired],
                [.. others.Select(peek => peek.Session.Id)]);
        }
        catch (SessionStoreUnavailableException exception)
        {
            await TakeBackAsync(session.Handle, binding);
            throw session.FailClosed(exception);
        }

        if (added.Full)
        {
            await TakeBackAsync(session.Handle, binding);
            throw new TooManySessionsException(cap);
        }

        session.Bound(binding);
        RaiseExpired(userName, scan, added.Dropped);
        store.Events.SignedIn(session.Handle, userName);
        if (previous is not null && replaces is null && await LeaveAsync(previous.UserName, from))
        {
            // It was signed in as someone else: that sign-in ended here. Raised by whoever took the entry out, as
            // every ender does, so a concurrent "sign out everywhere" of that user cannot raise it twice.
            store.Events.Ended(from, previous.UserName, SessionEndReason.SignedOut);
        }

        try
        {
            foreach (var evicted in added.Evicted)
            {
                await EndOneAsync(SessionIds.FromHandle(evicted)!.Value, userName, SessionEndReason.Cap);
            }
        }
        catch (SessionStoreUnavailableException exception)
        {
            // Out of the index already, it would hold a live sign-in that no list shows.
            throw session.FailClosed(exception);
        }
    }

    /// <summary>Takes back a binding the index did not take (full, or unreachable); best effort: without a sign-in cookie it grants nothing.</summary>
    private async Task TakeBackAsync(SessionHandle session, SessionBinding binding)
    {
        try
        {
            await Index.UnbindAsync(session, binding.SignInId);
        }
        catch (SessionStoreUnavailableException)
        {
            // Redis is gone: the caller fails closed, and the binding is never honoured without the cookie's claim.
        }
    }

    public async Task<bool> LeaveAsync(string userName, SessionHandle session)
    {
        try
        {
            return await RemoveAsync(userName, session);
        }
        catch (SessionStoreUnavailableException)
        {
            // The session itself is ended (a tombstone): the next list or sign-in of this user prunes its entry.
            return false;
        }
    }

    private static string NewSignInId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
}
