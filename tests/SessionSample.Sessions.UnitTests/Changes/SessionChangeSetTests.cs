using static SessionSample.Sessions.UnitTests.Changes.Snapshots;

namespace SessionSample.Sessions.UnitTests.Changes;

/// <summary>What one request has changed and not yet written: sets, removals, a clear, flashes.</summary>
public sealed class SessionChangeSetTests
{
    [Fact]
    public void A_new_change_set_is_empty_and_has_nothing_to_send()
    {
        var changes = new SessionChangeSet();

        Assert.True(changes.IsEmpty);
        Assert.False(changes.Cleared);
        Assert.False(changes.HasSets);
        Assert.Empty(changes.Changes);
        Assert.Empty(changes.KeepOnClear);
        Assert.False(changes.TryGetPending("a", out _));
    }

    [Fact]
    public void The_last_set_of_a_key_wins()
    {
        var changes = new SessionChangeSet();

        changes.Set("a", Utf8("1"));
        changes.Set("a", Utf8("2"));

        Assert.True(changes.TryGetPending("a", out var value));
        Assert.Equal(Utf8("2"), value);
        Assert.Single(changes.Changes);
        Assert.True(changes.HasSets);
        Assert.False(changes.IsEmpty);
    }

    [Fact]
    public void A_removal_is_a_pending_null_that_replaces_a_pending_set()
    {
        var changes = new SessionChangeSet();
        changes.Set("a", Utf8("1"));

        changes.Remove("a");
        changes.Remove("never-set");

        Assert.True(changes.TryGetPending("a", out var value));
        Assert.Null(value);
        Assert.True(changes.TryGetPending("never-set", out var other));
        Assert.Null(other);
        Assert.False(changes.HasSets);
        Assert.False(changes.IsEmpty);
    }

    [Fact]
    public void A_set_after_a_removal_brings_the_value_back()
    {
        var changes = new SessionChangeSet();
        changes.Remove("a");

        changes.Set("a", Utf8("3"));

        Assert.True(changes.TryGetPending("a", out var value));
        Assert.Equal(Utf8("3"), value);
        Assert.True(changes.HasSets);
    }

    [Fact]
    public void Clear_drops_pending_sets_and_removals_but_keeps_pending_flashes()
    {
        var changes = new SessionChangeSet();
        changes.Set("a", Utf8("1"));
        changes.Remove("b");
        changes.Set(Flash(1), Utf8("saved"));

        changes.Clear();

        Assert.True(changes.Cleared);
        Assert.False(changes.IsEmpty);
        Assert.False(changes.TryGetPending("a", out _));
        Assert.False(changes.TryGetPending("b", out _));
        Assert.Equal([Flash(1)], changes.Changes.Keys);
        Assert.Equal(Utf8("saved"), changes.Changes[Flash(1)]!.Value.Value);
    }

    [Fact]
    public void Clear_alone_is_a_change_to_send()
    {
        var changes = new SessionChangeSet();

        changes.Clear();

        Assert.False(changes.IsEmpty);
        Assert.False(changes.HasSets);
        Assert.Empty(changes.Changes);
    }

    [Fact]
    public void A_set_after_Clear_is_pending_and_the_clear_stays()
    {
        var changes = new SessionChangeSet();
        changes.Clear();

        changes.Set("a", Utf8("1"));

        Assert.True(changes.Cleared);
        Assert.True(changes.TryGetPending("a", out var value));
        Assert.Equal(Utf8("1"), value);
    }

    [Fact]
    public void A_write_through_before_any_clear_only_drops_the_pending_value()
    {
        var changes = new SessionChangeSet();
        changes.Set("a", Utf8("1"));
        changes.Set("b", Utf8("2"));

        changes.WrittenThrough("a");

        Assert.False(changes.TryGetPending("a", out _));
        Assert.True(changes.TryGetPending("b", out _));
        Assert.Empty(changes.KeepOnClear);
        Assert.False(changes.Cleared);
    }

    [Fact]
    public void A_write_through_after_Clear_protects_its_key_from_the_clear()
    {
        var changes = new SessionChangeSet();
        changes.Clear();
        changes.Set("a", Utf8("pending"));

        changes.WrittenThrough("a");
        changes.WrittenThrough("b");

        Assert.False(changes.TryGetPending("a", out _));
        Assert.Equal(["a", "b"], changes.KeepOnClear.Order(StringComparer.Ordinal));
        Assert.True(changes.Cleared);
    }

    [Fact]
    public void A_second_Clear_wipes_what_was_written_through_before_it()
    {
        var changes = new SessionChangeSet();
        changes.Clear();
        changes.WrittenThrough("a");

        changes.Clear();

        Assert.Empty(changes.KeepOnClear);
        Assert.True(changes.Cleared);
    }

    [Fact]
    public void A_set_after_a_write_through_is_pending_again()
    {
        var changes = new SessionChangeSet();
        changes.Clear();
        changes.WrittenThrough("a");

        changes.Set("a", Utf8("later"));

        Assert.True(changes.TryGetPending("a", out var value));
        Assert.Equal(Utf8("later"), value);
        Assert.Contains("a", changes.KeepOnClear);
    }

    [Fact]
    public void TakeFlashes_returns_the_flashes_added_oldest_first_and_leaves_the_other_changes()
    {
        var changes = new SessionChangeSet();
        changes.Set(Flash(1), Utf8("first"));
        changes.Set("a", Utf8("1"));
        changes.Set(Flash(2), Utf8("second é"));
        changes.Remove("b");
        changes.Set(Flash(3), Utf8("third"));

        var taken = changes.TakeFlashes();

        Assert.Equal([Flash(1), Flash(2), Flash(3)], taken.Select(flash => flash.Key));
        Assert.Equal(["first", "second é", "third"], taken.Select(flash => flash.Value));
        Assert.Equal(["a", "b"], changes.Changes.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(changes.TakeFlashes());
    }

    [Fact]
    public void TakeFlashes_keeps_the_order_added_when_earlier_changes_left_gaps()
    {
        // A write-through or a clear removes pending entries; a flash added after them must still come out last.
        var changes = new SessionChangeSet();
        changes.Set("a", Utf8("1"));
        changes.Set(Flash(1), Utf8("first"));
        changes.Set("b", Utf8("2"));
        changes.WrittenThrough("a");
        changes.Clear();
        changes.Set(Flash(2), Utf8("second"));
        changes.Set(Flash(3), Utf8("third"));

        var taken = changes.TakeFlashes();

        Assert.Equal(["first", "second", "third"], taken.Select(flash => flash.Value));
    }

    [Fact]
    public void Reset_forgets_everything_including_the_clear_and_the_keep_list()
    {
        var changes = new SessionChangeSet();
        changes.Clear();
        changes.Set("a", Utf8("1"));
        changes.Set(Flash(1), Utf8("f"));
        changes.WrittenThrough("b");

        changes.Reset();

        Assert.True(changes.IsEmpty);
        Assert.False(changes.Cleared);
        Assert.Empty(changes.Changes);
        Assert.Empty(changes.KeepOnClear);
        changes.WrittenThrough("c");
        Assert.Empty(changes.KeepOnClear);
    }
}
