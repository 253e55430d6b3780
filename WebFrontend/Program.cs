using SessionSample.WebFrontend.Clients;
using SessionSample.WebFrontend.Errors;
using SessionSample.WebFrontend.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisSessions()
    .AddSignInBinding()
    .AddWriteThrough();
builder.AddSharedCookieAuthentication(options => options.LoginPath = "/SignIn");
builder.AddRenewableAntiforgery();
builder.Services.AddRazorPages();
builder.AddErrorPages();
builder.AddApiClient();

var app = builder.Build();

app.UseErrorPages();
if (!app.Environment.IsDevelopment())
{
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
