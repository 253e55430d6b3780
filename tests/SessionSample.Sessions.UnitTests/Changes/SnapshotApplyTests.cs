using static SessionSample.Sessions.UnitTests.Changes.Snapshots;

namespace SessionSample.Sessions.UnitTests.Changes;

/// <summary>After Redis accepted a commit, the snapshot must hold what Redis now holds, so later reads need no round trip.</summary>
public sealed class SnapshotApplyTests
{
    [Fact]
    public void Apply_sets_and_removes_user_keys_and_takes_the_count_Redis_reported()
    {
        var snapshot = Of(("a", "1"), ("b", "2"));
        var changes = new SessionChangeSet();
        changes.Set("a", Utf8("changed"));
        changes.Remove("b");
        changes.Set("c", Utf8("3"));

        snapshot.Apply(changes, storedBytes: 123);

        Assert.Equal(["a", "c"], snapshot.Values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Utf8("changed"), snapshot.Values["a"]);
        Assert.Equal(123, snapshot.Bytes);
        Assert.False(snapshot.HasFlashes);
    }

    [Fact]
    public void Apply_after_a_clear_keeps_only_the_written_through_keys_and_the_new_sets()
    {
        var snapshot = Of(("a", "1"), ("b", "2"), ("c", "3"));
        var changes = new SessionChangeSet();
        changes.Set("a", Utf8("wiped by the clear"));
        changes.Clear();
        snapshot.ApplyWrite("b", Utf8("written through"), Utf8("written through").Length, 50);
        changes.WrittenThrough("b");
        changes.Set("d", Utf8("4"));

        snapshot.Apply(changes, storedBytes: 60);

        Assert.Equal(["b", "d"], snapshot.Values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Utf8("written through"), snapshot.Values["b"]);
        Assert.Equal(60, snapshot.Bytes);
    }

    [Fact]
    public void Apply_of_a_flash_marks_flashes_as_stored_without_making_it_a_value()
    {
        var snapshot = Of(("a", "1"));
        var changes = new SessionChangeSet();
        changes.Clear();
        changes.Set(Flash(1), Utf8("saved"));

        snapshot.Apply(changes, storedBytes: 40);

        Assert.True(snapshot.HasFlashes);
        Assert.Empty(snapshot.Values);
    }

    [Fact]
    public void Apply_without_a_flash_leaves_the_stored_flash_flag_as_it_was()
    {
        var withFlashes = Of(20, ("a", "1"));
        var changes = new SessionChangeSet();
        changes.Set("b", Utf8("2"));

        withFlashes.Apply(changes, storedBytes: 25);

        Assert.True(withFlashes.HasFlashes);
    }

    [Fact]
    public void FlashesTaken_clears_the_flag_and_takes_the_count()
    {
        var snapshot = Of(20, ("a", "1"));

        snapshot.FlashesTaken(storedBytes: 2);

        Assert.False(snapshot.HasFlashes);
        Assert.Equal(2, snapshot.Bytes);
        Assert.Single(snapshot.Values);
    }

    [Fact]
    public void ApplyWrite_of_null_removes_the_key()
    {
        var snapshot = Of(("a", "1"), ("b", "2"));

        snapshot.ApplyWrite("a", null, 0, 2);

        Assert.Equal(["b"], snapshot.Values.Keys);
        Assert.Equal(2, snapshot.Bytes);
    }
}
