using SessionSample.Sessions.Locking;

namespace SessionSample.Sessions.UnitTests.Modules;

/// <summary>
/// The core refuses an endpoint that asks for the lock while the lock module is not added without knowing the
/// module's metadata type: every form of the lock's metadata names its module through the core's ISessionModuleMetadata.
/// </summary>
public sealed class LockSeamTests
{
    [Fact]
    public void Every_form_of_the_lock_metadata_names_the_lock_module()
    {
        ISessionModuleMetadata[] forms = [new SessionLockAttribute(), new SessionLockAttribute(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))];

        Assert.All(forms, form => Assert.Equal(SessionModule.SessionLock, form.Module));
    }
}
