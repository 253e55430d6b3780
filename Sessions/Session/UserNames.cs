using System.Text;

namespace SessionSample.Sessions;

/// <summary>
/// The two forms a user name is compared in, side by side so they stay deliberately different. The index takes the
/// name the app's user store returned (already canonical) and only folds case, so existing index keys never move.
/// The throttle takes the name as typed, so it also trims and folds compatibility forms (full-width letters), so one
/// account cannot be guessed at under many spellings.
/// </summary>
internal static class UserNames
{
    /// <summary>What a user's index key is made from (<see cref="SessionSchema.UserHandleOf"/>).</summary>
    public static string ForIndex(string userName) => userName.ToUpperInvariant();

    /// <summary>What the sign-in throttle counts a typed name under.</summary>
    public static string ForThrottle(string userName)
    {
        var name = userName.Trim();
        try
        {
            name = name.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Not valid text (a lone surrogate, U+FFFE): it names no account, yet must be counted rather than fail
            // the request; as typed, it is still one counter per name.
        }

        return name.ToUpperInvariant();
    }
}
