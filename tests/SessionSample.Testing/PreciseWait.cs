using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SessionSample.Testing;

/// <summary>
/// Waits until a <see cref="Stopwatch"/> timestamp with a precision of a few microseconds, for delays far
/// below what <see cref="Task.Delay(TimeSpan)"/> or <see cref="Thread.Sleep(int)"/> can do (both round up
/// to a millisecond or more on Linux). On Linux it sleeps in the kernel (usleep, with the thread's timer
/// slack cut from the default 50 µs to 1 µs) until shortly before the deadline and spins the rest. How far
/// before is learnt: it keeps a running average of how late the kernel wakes it and ends the sleep that much
/// earlier, so the spin, which is pure CPU, stays a few microseconds long. Elsewhere it yields until the
/// deadline. One instance per waiting thread (it is not thread-safe); <see cref="Until"/> only from that thread.
/// </summary>
public sealed class PreciseWait
{
    private const int PrSetTimerSlack = 29;

    /// <summary>The spin kept on top of the expected lateness, for a wake-up a little later than usual.</summary>
    private const double MarginMicros = 5;

    /// <summary>A wake-up later than this is a descheduled thread, not the kernel's usual lateness: it does not teach the average.</summary>
    private const double MaxLearntMicros = 200;

    // Starts at what a 1 µs timer slack typically gives on a virtual machine; learnt from there.
    private double _wakeLatenessMicros = 20;

    /// <summary>Prepares the calling thread, which is then the one that waits.</summary>
    public PreciseWait()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>How late the kernel has been waking this thread, on average (microseconds).</summary>
    public double WakeLatenessMicros => _wakeLatenessMicros;

    public void Until(long deadline)
    {
        var sleep = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline).TotalMicroseconds - _wakeLatenessMicros - MarginMicros;
        if (sleep >= 1 && OperatingSystem.IsLinux())
        {
            var asleep = Stopwatch.GetTimestamp();
            _ = USleep((uint)sleep);
            var late = Stopwatch.GetElapsedTime(asleep).TotalMicroseconds - sleep;
            if (late < MaxLearntMicros)
            {
                _wakeLatenessMicros += (Math.Max(0, late) - _wakeLatenessMicros) / 16;
            }
        }

        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (OperatingSystem.IsLinux())
            {
                Thread.SpinWait(20);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    // DllImport rather than LibraryImport: both signatures are blittable, and LibraryImport would need unsafe code.
    [DllImport("libc", EntryPoint = "usleep")]
    private static extern int USleep(uint microseconds);

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
