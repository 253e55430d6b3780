using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using SessionSample.Sessions.Users;

namespace SessionSample.Sessions;

/// <summary>
/// Sign-in bound to the session: a new id, the binding (<see cref="SessionBinding"/>) written on it, and an entry in
/// the user's index within the cap. The binding is written before the entry, so a bound session is always listed
/// or taken back: "sign out everywhere" can never miss a sign-in that a cookie was issued for.
/// </summary>
internal sealed partial class RedisSession
{
    private SessionBinding? _binding;

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

    public async Task SignInAsync(string userName, string? userAgent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCanChangeId(SessionOperation.SignIn);
        var users = _store.Users;
        var userHandle = SessionSchema.UserHandleOf(userName);
        IndexScan scan;
        try
        {
            scan = await users.ScanAsync(userHandle, userName);
        }
        catch (SessionStoreUnavailableException exception)
        {
            throw FailClosed(SessionOperation.SignIn, exception);
        }

        var cap = Options.MaxSessionsPerUser;
        var here = _handle.Id;
        var others = scan.Live.Where(peek => peek.Session.Id != here).ToList();
        if (cap > 0 && Options.OnMaxSessions == MaxSessionsPolicy.RefuseNew && others.Count >= cap)
        {
            // Checked before anything changes; index_add checks again, atomically, against concurrent sign-ins.
            throw new TooManySessionsException(cap);
        }

        var binding = new SessionBinding(userName, DeviceSummary.Of(userAgent), _store.Time.GetUtcNow(), NewSignInId());
        var from = _handle;
        var previous = await BindAsync(binding);
        var replaces = previous is not null && previous.UserHandle == binding.UserHandle ? from : (SessionHandle?)null;

        IndexAddResult added;
        try
        {
            added = await _store.Index.AddAsync(
                userHandle, _handle, binding.SignedInAt, replaces, [.. scan.Dead, .. scan.Expired],
                [.. others.Select(peek => peek.Session.Id)]);
        }
        catch (SessionStoreUnavailableException exception)
        {
            await TakeBackAsync(binding);
            throw FailClosed(SessionOperation.SignIn, exception);
        }

        if (added.Full)
        {
            await TakeBackAsync(binding);
            throw new TooManySessionsException(cap);
        }

        _binding = binding;
        users.RaiseExpired(userName, scan, added.Dropped);
        _store.Events.SignedIn(_handle, userName);
        if (previous is not null && replaces is null && await LeaveIndexAsync(previous.UserName, from))
        {
            // It was signed in as someone else: that sign-in ended here. Raised by whoever took the entry out, as
            // every ender does, so a concurrent "sign out everywhere" of that user cannot raise it twice.
            _store.Events.Ended(from, previous.UserName, SessionEndReason.SignedOut);
        }

        try
        {
            foreach (var evicted in added.Evicted)
            {
                await users.EndOneAsync(SessionIds.FromHandle(evicted)!.Value, userName, SessionEndReason.Cap);
            }
        }
        catch (SessionStoreUnavailableException exception)
        {
            // Out of the index already, it would hold a live sign-in that no list shows.
            throw FailClosed(SessionOperation.SignIn, exception);
        }
    }

    /// <summary>Moves the session to a new id carrying <paramref name="binding"/>; returns the binding it had before.</summary>
    private async Task<SessionBinding?> BindAsync(SessionBinding binding)
    {
        await _writing.WaitAsync();
        try
        {
            return await NewIdRetry.RunAsync<SessionBinding?>(async () =>
            {
                var newId = SessionIds.NewId();
                var newHandle = SessionIds.HandleOf(newId);
                try
                {
                    if (_lifecycle.IsStored)
                    {
                        var move = await _store.Move.RegenerateAsync(_handle, newHandle, Lease?.Token, binding);
                        switch (move.Write.Result)
                        {
                            case ScriptResult.Ok:
                                var from = _handle;
                                Moved(newId, move.Write);
                                _store.Events.Regenerated(from, newHandle, binding.UserName);
                                return (true, move.Previous);
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
                        var created = await _store.Index.BindNewAsync(newHandle, binding);
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

    /// <summary>The session now lives under <paramref name="newId"/>; the response carries its cookie.</summary>
    private void Moved(string newId, WriteResult write)
    {
        var newHandle = SessionIds.HandleOf(newId);
        Lease?.MovedTo(newHandle);
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
        if (_binding is not { } binding)
        {
            return;
        }

        try
        {
            if (await _store.Index.MoveAsync(binding.UserHandle, from, _handle))
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

    /// <summary>Takes back a binding the index did not take (full, or unreachable); best effort: without a sign-in cookie it grants nothing.</summary>
    private async Task TakeBackAsync(SessionBinding binding)
    {
        try
        {
            await _store.Index.UnbindAsync(_handle, binding.SignInId);
        }
        catch (SessionStoreUnavailableException)
        {
            // Redis is gone: the caller fails closed, and the binding is never honoured without the cookie's claim.
        }
    }

    /// <summary>An ended session leaves its user's index; best effort, since pruning drops an ended entry anyway. True when this took the entry out.</summary>
    private async Task<bool> LeaveIndexAsync(string? userName, SessionHandle? session = null)
    {
        if (userName is null)
        {
            return false;
        }

        try
        {
            return (await _store.Index.RemoveAsync(SessionSchema.UserHandleOf(userName), [(session ?? _handle).Id])).Count == 1;
        }
        catch (SessionStoreUnavailableException)
        {
            // The session itself is ended (a tombstone): the next list or sign-in of this user prunes its entry.
            return false;
        }
    }

    private static string NewSignInId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
}
