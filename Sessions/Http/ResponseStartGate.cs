using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SessionSample.Sessions;

/// <summary>
/// Stands in front of the server's response while the session middleware runs, so the session is committed
/// at the one moment that is right for it: when the response is about to start, after everything that still
/// changes the session at that moment, and before any byte of the body exists on the server.
/// <list type="bullet">
/// <item>OnStarting callbacks registered downstream (MVC saves TempData in one) are kept here and run first,
/// in the server's order, so what they write is part of the commit.</item>
/// <item>Body bytes written before the start wait in this gate's buffer (<see cref="GatedPipeWriter"/>): if the
/// commit fails, none of them reaches the client, and the exception handler writes one clean error response.</item>
/// <item>An exception (a failed callback or commit) propagates to the writer's caller, where the exception
/// handler sees it; thrown from the server's own OnStarting it would only end in a bare 500.</item>
/// </list>
/// The start happens at the first flush or async write of the body, StartAsync, SendFileAsync,
/// CompleteAsync or an upgrade (<see cref="GatedUpgradeFeature"/>), or when the middleware finishes with no
/// body at all (<see cref="StartAsync()"/>).
/// </summary>
internal sealed class ResponseStartGate : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly HttpContext _context;
    private readonly IHttpResponseFeature _response;
    private readonly IHttpResponseBodyFeature _body;
    private readonly RedisSession _session;
    private readonly IHttpUpgradeFeature? _upgrade;
    private readonly IHttpExtendedConnectFeature? _extendedConnect;
    private List<KeyValuePair<Func<object, Task>, object>>? _onStarting;
    private GatedPipeWriter? _writer;
    private GatedStream? _stream;
    private Task? _start;

    private ResponseStartGate(HttpContext context, RedisSession session)
    {
        _context = context;
        _response = context.Features.GetRequiredFeature<IHttpResponseFeature>();
        _body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        _upgrade = context.Features.Get<IHttpUpgradeFeature>();
        _extendedConnect = context.Features.Get<IHttpExtendedConnectFeature>();
        _session = session;
    }

    /// <summary>Whether the start has run: the session has been committed for the response.</summary>
    public bool Opened => _start is { IsCompletedSuccessfully: true };

    internal IHttpResponseBodyFeature Inner => _body;

    internal bool AllowsSynchronousIO => _context.Features.Get<IHttpBodyControlFeature>()?.AllowSynchronousIO ?? false;

    public static ResponseStartGate Install(HttpContext context, RedisSession session)
    {
        var gate = new ResponseStartGate(context, session);
        context.Features.Set<IHttpResponseFeature>(gate);
        context.Features.Set<IHttpResponseBodyFeature>(gate);
        if (gate._upgrade is { IsUpgradableRequest: true } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new GatedUpgradeFeature(gate, upgrade));
        }

        if (gate._extendedConnect is { IsExtendedConnect: true } extendedConnect)
        {
            context.Features.Set<IHttpExtendedConnectFeature>(new GatedExtendedConnectFeature(gate, extendedConnect));
        }

        return gate;
    }

    /// <summary>Puts the server's features back (the middleware is leaving).</summary>
    public void Uninstall()
    {
        _context.Features.Set(_response);
        _context.Features.Set(_body);
        _context.Features.Set(_upgrade);
        _context.Features.Set(_extendedConnect);
        _writer?.ReleaseBuffer();
    }

    /// <summary>
    /// The request failed before the start: the body buffered so far is dropped, and the callbacks kept here
    /// go back to the server, which runs them with the error response as it would have without this gate.
    /// </summary>
    public void Abandon()
    {
        _start ??= Task.CompletedTask;
        _writer?.ReleaseBuffer();
        if (_onStarting is { } callbacks && !_response.HasStarted)
        {
            foreach (var (callback, state) in callbacks)
            {
                _response.OnStarting(callback, state);
            }
        }

        _onStarting = null;
    }

    /// <summary>Starts the response (once): downstream OnStarting callbacks, then the session commit.</summary>
    public Task StartAsync() => _start ??= RunStartAsync();

    /// <summary>Starts at once when nothing could make the start fail or need to wait: no callbacks kept, nothing to commit.</summary>
    internal bool TryStartSynchronously()
    {
        if (_start is not null)
        {
            return _start.IsCompletedSuccessfully;
        }

        if (_onStarting is { Count: > 0 } || !_session.TryMarkResponseStartedWithoutCommit())
        {
            return false;
        }

        _start = Task.CompletedTask;
        return true;
    }

    private async Task RunStartAsync()
    {
        // The server runs OnStarting callbacks last-registered first; so do we.
        while (_onStarting is { Count: > 0 } callbacks)
        {
            var (callback, state) = callbacks[^1];
            callbacks.RemoveAt(callbacks.Count - 1);
            await callback(state);
        }

        _onStarting = null;
        await _session.CommitAtResponseStartAsync();
    }

    // IHttpResponseFeature: everything goes to the server, but OnStarting callbacks registered before the start.
    public int StatusCode { get => _response.StatusCode; set => _response.StatusCode = value; }

    public string? ReasonPhrase { get => _response.ReasonPhrase; set => _response.ReasonPhrase = value; }

    public IHeaderDictionary Headers { get => _response.Headers; set => _response.Headers = value; }

    [Obsolete("Use IHttpResponseBodyFeature.Stream instead.", error: false)]
    public Stream Body { get => Stream; set => throw new NotSupportedException("Replace the IHttpResponseBodyFeature instead."); }

    public bool HasStarted => _response.HasStarted;

    public void OnStarting(Func<object, Task> callback, object state)
    {
        if (_start is null)
        {
            (_onStarting ??= []).Add(new(callback, state));
        }
        else
        {
            _response.OnStarting(callback, state);
        }
    }

    public void OnCompleted(Func<object, Task> callback, object state) => _response.OnCompleted(callback, state);

    // IHttpResponseBodyFeature: the gated writer and stream, and every way to start the response.
    public Stream Stream => _stream ??= new GatedStream(this, (GatedPipeWriter)Writer);

    public PipeWriter Writer => _writer ??= new GatedPipeWriter(this, _body.Writer);

    public void DisableBuffering() => _body.DisableBuffering();

    async Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken)
    {
        await StartAsync();
        await DrainAsync(cancellationToken);
        await _body.StartAsync(cancellationToken);
    }

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await StartAsync();
        await DrainAsync(cancellationToken);
        await _body.SendFileAsync(path, offset, count, cancellationToken);
    }

    public async Task CompleteAsync()
    {
        await StartAsync();
        await DrainAsync(default);
        await _body.CompleteAsync();
    }

    /// <summary>Hands the body buffered before the start to the server (after <see cref="StartAsync()"/>).</summary>
    internal ValueTask DrainAsync(CancellationToken cancellationToken) =>
        _writer is null ? ValueTask.CompletedTask : _writer.DrainAsync(cancellationToken);
}
