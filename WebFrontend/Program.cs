using SessionSample.WebFrontend.Clients;
using SessionSample.WebFrontend.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisSessions();
builder.AddSharedCookieAuthentication(options => options.LoginPath = "/SignIn");
builder.AddRenewableAntiforgery();
builder.Services.AddRazorPages();
builder.AddApiClient();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}

app.UseStaticFiles();
app.UseRouting();
app.UseRedisSessions();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapRazorPages();
app.MapDefaultEndpoints();

app.Run();
