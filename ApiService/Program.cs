using Microsoft.AspNetCore.HttpOverrides;
using SessionSample.ApiService.Apis;
using SessionSample.ApiService.Audit;
using SessionSample.Sessions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisSessions();
builder.AddDemoAuthentication();
builder.Services.AddSingleton<ISessionEvents, SessionAuditLog>();
builder.Services.AddProblemDetails();
builder.Services.AddBadRequestProblems();
builder.Services.AddOpenApi();

// The web frontend signs people in through this API and says who the browser is in X-Forwarded-For; the
// sign-in throttle counts per client address, so trust that header from the known proxies only (loopback
// by default: add the web's network to KnownNetworks where it runs elsewhere, e.g. Container Apps).
builder.Services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor);

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRouting();
app.UseRedisSessions();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapStatusApi();
app.MapSessionApi();
app.MapAuthApi();
app.MapSessionsApi();
app.MapCartApi();
app.MapReportsApi();
app.MapDefaultEndpoints();

app.Run();
