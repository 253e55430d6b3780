using SessionSample.ApiService.Apis;
using SessionSample.ApiService.Audit;
using SessionSample.ApiService.Hosting;
using SessionSample.Sessions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisSessions()
    .AddSignInBinding()
    .AddSignInThrottle()
    .AddOffload()
    .AddWriteThrough();
builder.AddDemoAuthentication();
builder.Services.AddSingleton<ISessionEvents, SessionAuditLog>();
builder.Services.AddProblemDetails();
builder.Services.AddBadRequestProblems();
builder.Services.AddOpenApi();

builder.AddTrustedProxies();

var app = builder.Build();

app.UseForwardedHeaders();
// The store's exception handler leaves a request that prefers HTML to an error page, which the API does not have:
// the failure keeps its status (413, 503, ...) instead of becoming a 500.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = exception => SessionFailure.From(exception)?.StatusCode ?? StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseUtf8Bodies();
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
