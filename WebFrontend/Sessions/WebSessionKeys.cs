namespace SessionSample.WebFrontend.Sessions;

/// <summary>Session keys the pages write themselves. The API refuses client writes to the "web:" prefix.</summary>
public static class WebSessionKeys
{
    public const string LastCartChange = "web:lastCartChange";
    public const string UserName = "auth:userName";
}
