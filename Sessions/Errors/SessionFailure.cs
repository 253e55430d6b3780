using Microsoft.AspNetCore.Http;

namespace SessionSample.Sessions;

/// <summary>
/// What a failure of the session store means for the client: the status code, a title and a short human
/// message (no exception type names). The exception handler answers API requests with it as problem+json;
/// an app's error page can show it for the same exception (<see cref="From"/>).
/// </summary>
public sealed record SessionFailure(int StatusCode, string Title, string Message)
{
    /// <summary>The failure the exception (or one it wraps) stands for; null when it is not the session store's.</summary>
    public static SessionFailure? From(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case SessionSizeLimitExceededException:
                    return new(StatusCodes.Status413PayloadTooLarge, "Session data too large", exception.Message);
                case SessionLockTimeoutException:
                    return new(StatusCodes.Status423Locked, "Session locked", exception.Message);
                case SessionStoreUnavailableException:
                    return new(StatusCodes.Status503ServiceUnavailable, "Session store unavailable", "Your session could not be reached just now. Please try again in a moment.");
                case SessionEndedException:
                    return new(StatusCodes.Status409Conflict, "Session ended", "Your session was ended or renewed by another request (signing in or out). Please try again.");
                case SignInThrottledException:
                    return new(StatusCodes.Status429TooManyRequests, "Too many attempts", exception.Message);
                case TooManySessionsException:
                    return new(StatusCodes.Status409Conflict, "Too many sessions", exception.Message);
                case SessionCounterException:
                    return new(StatusCodes.Status409Conflict, "Counter cannot change", exception.Message);
            }
        }

        return null;
    }
}
