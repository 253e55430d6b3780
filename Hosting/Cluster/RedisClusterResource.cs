namespace RedisSessions.Hosting;

/// <summary>
/// A local Redis Cluster shown as one resource: its nodes and its creation step are its children in the
/// dashboard. Referencing it gives the apps <c>ConnectionStrings__{name}</c> naming every node
/// (<c>127.0.0.1:p1,...,127.0.0.1:p6,password=...</c>); StackExchange.Redis finds the slots from there.
/// </summary>
internal sealed class RedisClusterResource(string name, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public const int PrimaryCount = 3;
    public const int NodeCount = PrimaryCount * 2;

    private readonly List<RedisClusterNodeResource> _nodes = [];

    public ParameterResource PasswordParameter { get; } = password;

    public IReadOnlyList<RedisClusterNodeResource> Nodes => _nodes;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var expression = new ReferenceExpressionBuilder();
            foreach (var node in _nodes)
            {
                expression.Append($"127.0.0.1:{node.PrimaryEndpoint.Property(EndpointProperty.Port)},");
            }

            expression.Append($"password={PasswordParameter}");
            return expression.Build();
        }
    }

    internal void Add(RedisClusterNodeResource node) => _nodes.Add(node);
}
