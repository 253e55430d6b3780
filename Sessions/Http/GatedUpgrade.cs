using Microsoft.AspNetCore.Http.Features;

namespace SessionSample.Sessions;

/// <summary>
/// An upgrade (WebSockets, SignalR, Blazor Server) sends its 101 (or, over HTTP/2, its 200 to an extended
/// CONNECT) without a body write, so it passes the gate's start like every other response: OnStarting
/// callbacks kept by the gate run and the session is committed, cookie included, before the server answers.
/// </summary>
internal sealed class GatedUpgradeFeature(ResponseStartGate gate, IHttpUpgradeFeature inner) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync()
    {
        await gate.StartAsync();
        return await inner.UpgradeAsync();
    }
}

/// <inheritdoc cref="GatedUpgradeFeature"/>
internal sealed class GatedExtendedConnectFeature(ResponseStartGate gate, IHttpExtendedConnectFeature inner) : IHttpExtendedConnectFeature
{
    public bool IsExtendedConnect => inner.IsExtendedConnect;

    public string? Protocol => inner.Protocol;

    public async ValueTask<Stream> AcceptAsync()
    {
        await gate.StartAsync();
        return await inner.AcceptAsync();
    }
}
