var builder = DistributedApplication.CreateBuilder(args);

var sessions = builder.AddRedis("sessions");
var cache = builder.AddRedis("cache");

var api = builder.AddProject<Projects.SessionSample_ApiService>("apiservice")
    .WithReference(sessions).WaitFor(sessions)
    .WithReference(cache).WaitFor(cache)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.SessionSample_WebFrontend>("webfrontend")
    .WithExternalHttpEndpoints()
    .WithReference(sessions).WaitFor(sessions)
    .WithReference(cache).WaitFor(cache)
    .WithReference(api).WaitFor(api)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
