namespace SessionSample.Sessions.Offload;

/// <summary>What <see cref="SessionOffload.FetchAsync"/> found.</summary>
public enum OffloadStatus
{
    /// <summary>The data is in <see cref="OffloadedData.Data"/>.</summary>
    Found,

    /// <summary>The session holds no reference under that key: nothing was parked.</summary>
    NeverParked,

    /// <summary>The session holds a reference but the cache no longer has the data (evicted or expired): recompute it.</summary>
    Evicted,
}

/// <summary>The result of fetching parked data.</summary>
public sealed record OffloadedData(OffloadStatus Status, byte[]? Data);
