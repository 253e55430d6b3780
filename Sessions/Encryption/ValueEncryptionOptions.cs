namespace SessionSample.Sessions.Encryption;

/// <summary>Settings of value encryption (<c>AddValueEncryption()</c>), bound from the <c>Sessions:Encryption</c> configuration section.</summary>
public sealed class ValueEncryptionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sessions:Encryption";

    /// <summary>
    /// Whether new values are encrypted (the default). False stores new values as they are but still decrypts the
    /// encrypted values already stored: the way to turn encryption off under live sessions without breaking a read.
    /// </summary>
    public bool EncryptNewValues { get; set; } = true;
}
