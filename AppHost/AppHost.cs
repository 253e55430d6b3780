var builder = DistributedApplication.CreateBuilder(args);

// Two Redis resources for two jobs (package RedisSessions.Hosting): sessions never evict and survive
// restarts; the cache evicts. Locally a container, redis-server or Garnet; your own Redis by connection string.
var sessions = builder.AddSessionRedis("sessions");
var cache = builder.AddCacheRedis("cache");

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
