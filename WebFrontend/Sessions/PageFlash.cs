using SessionSample.Sessions.WriteThrough;
using SessionSample.WebFrontend.Clients;

namespace SessionSample.WebFrontend.Sessions;

/// <summary>A message for the next page, written by whichever side owns the browser's session at this point of the request.</summary>
public static class PageFlash
{
    /// <summary>
    /// While no API call of this request replaced or ended the session (<paramref name="session"/>), the page's
    /// own session object is the browser's and takes the flash; after one did, that object is stale and the
    /// flash goes through the API, into the session the browser now holds.
    /// </summary>
    public static async Task AddFlashAsync(this HttpContext context, ApiClient api, SessionEffect session, string message, CancellationToken cancellationToken)
    {
        if (session == SessionEffect.Unchanged)
        {
            await context.GetRedisSession().AddFlashAsync(message, cancellationToken);
            return;
        }

        // Best effort, like any flash: the action itself already happened.
        await api.AddFlashAsync(message, cancellationToken);
    }
}
