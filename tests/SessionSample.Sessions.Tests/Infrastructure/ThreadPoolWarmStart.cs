using System.Runtime.CompilerServices;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// Every test class runs its own Kestrel apps in this one process, in parallel, on 2 cores; the parity tests call
/// the synchronous <c>ISession</c> members, which block a pool thread for the load as the built-in session does.
/// With the default minimum (one thread per core) the pool adds threads about once a second, so a loaded CI run
/// left Redis replies unread in the pipe until the client's 2 s timeout. A production app serves one app per
/// process; the suite starts the pool where such an app would be after warming up.
/// </summary>
internal static class ThreadPoolWarmStart
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
