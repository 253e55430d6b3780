using System.Net;
using System.Text.Json;

namespace SessionSample.EndToEnd.Tests.Api;

/// <summary>A sign-in refused because the session has no room left is refused whole: nothing about the session or the user changes.</summary>
[Collection(AppCollection.Name)]
public sealed class SignInSizeLimitTests(AppFixture fixture)
{
    private const int HardSessionBytes = 1024 * 1024;
    private const int Cap = 10;
    private static readonly object Alice = new { userName = "alice", password = "Pass123$" };

    [Fact]
    public async Task A_sign_in_refused_with_413_keeps_the_old_id_and_data_binds_nothing_and_ends_no_other_session()
    {
        // Alice's other devices fill her cap, so a sign-in that went through would end the oldest of them.
        await SignOutEverywhereAsync();
        var devices = new List<SessionClient>();
        for (var i = 0; i < Cap; i++)
        {
            var device = fixture.NewApiUser();
            devices.Add(device);
            using var login = await device.PostAsJsonAsync("/api/auth/login", Alice);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        try
        {
            using var user = fixture.NewApiUser();
            await FillAsync(user, roomLeft: 8);
            var cookie = user.Cookie;
            var before = await user.GetJsonAsync<JsonElement>("/api/session");

            using var refused = await user.PostAsJsonAsync("/api/auth/login", Alice);

            await refused.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
            Assert.Equal(cookie, user.Cookie);
            Assert.Null(user.Cookies.Get(SessionClient.AuthCookieName));
            using (var me = await user.Http.GetAsync("/api/auth/me"))
            {
                await me.AssertProblemAsync(HttpStatusCode.Unauthorized);
            }

            var after = await user.GetJsonAsync<JsonElement>("/api/session");
            Assert.Equal(before.GetProperty("sizeBytes").GetInt64(), after.GetProperty("sizeBytes").GetInt64());
            Assert.Equal(
                before.GetProperty("values").EnumerateObject().Select(value => value.Name),
                after.GetProperty("values").EnumerateObject().Select(value => value.Name));

            // Every device is still signed in, and Alice's list holds exactly them.
            foreach (var device in devices)
            {
                using var me = await device.Http.GetAsync("/api/auth/me");
                Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            }

            var listed = (await devices[0].GetJsonAsync<JsonElement>("/api/sessions")).GetProperty("sessions");
            Assert.Equal(Cap, listed.GetArrayLength());
        }
        finally
        {
            await SignOutEverywhereAsync();
            devices.ForEach(device => device.Dispose());
        }
    }

    /// <summary>Fills the session up to <paramref name="roomLeft"/> bytes under its hard limit: too little for the user name the sign-in writes.</summary>
    private static async Task FillAsync(SessionClient user, int roomLeft)
    {
        var chunk = 240 * 1024;
        for (var i = 0; ; i++)
        {
            using var view = await user.GetAsync("/api/session");
            var size = view.StatusCode == HttpStatusCode.OK ? (await view.ReadJsonAsync()).GetProperty("sizeBytes").GetInt64() : 0;
            var key = $"fill{i}";
            var room = HardSessionBytes - size - roomLeft;
            if (room == 0)
            {
                return;
            }

            // A JSON string is its text and two quotes; the session counts each value as its key plus its bytes.
            var length = (int)Math.Min(chunk, room - key.Length - 2);
            Assert.True(length >= 0, $"Cannot fill the last {room} bytes exactly.");
            using var put = await user.PutRawAsync($"/api/session/values/{key}", JsonSerializer.Serialize(new string('f', length)));
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
    }

    private async Task SignOutEverywhereAsync()
    {
        using var alice = fixture.NewApiUser();
        using (var login = await alice.PostAsJsonAsync("/api/auth/login", Alice))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using var everywhere = await alice.PostAsync("/api/sessions/sign-out-everywhere");
        Assert.Equal(HttpStatusCode.NoContent, everywhere.StatusCode);
    }
}
