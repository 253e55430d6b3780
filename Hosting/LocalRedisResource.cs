namespace RedisSessions.Hosting;

/// <summary>
/// A Redis-protocol server the AppHost runs as a local process (redis-server or Garnet). Referencing it
/// gives the apps <c>ConnectionStrings__{name}</c> in the same <c>host:port,password=...</c> shape as the
/// container resource, so the apps never know which engine runs.
/// </summary>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory, RedisEngine engine, RedisRole role, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    public RedisEngine Engine { get; } = engine;

    public RedisRole Role { get; } = role;

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    // The engines bind 127.0.0.1 only; naming the address avoids a localhost lookup that may try ::1 first.
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
